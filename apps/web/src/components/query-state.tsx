import { Alert, Button, Skeleton } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "../i18n";

/**
 * One way every panel that fetches shows its three states: a skeleton while loading, the server's
 * message with a retry button when the query failed (never a skeleton forever), and the data.
 */
export function QueryState<T>({
  query,
  loading = <Skeleton active />,
  children,
}: {
  /** A react-query result (only what this reads, so any error type fits). */
  query: { data: T | undefined; isError: boolean; error: { message: string } | null; refetch: () => unknown };
  loading?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={t("common.loadFailed")}
        description={query.error?.message}
        action={<Button onClick={() => void query.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  if (query.data === undefined) return <>{loading}</>;
  return <>{children(query.data)}</>;
}
