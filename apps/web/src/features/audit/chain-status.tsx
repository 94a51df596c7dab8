import { useQuery } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { useTranslation } from "../../i18n";
import { formatBeijingTime } from "../../lib/format";
import { trpc } from "../../trpc";

/**
 * Whether the audit log's hash chain is whole (`audit.verify`, recomputed on the server from the
 * first event): green with the first event and the head hash, or red with the first broken event.
 */
export function ChainStatus() {
  const { t } = useTranslation();
  const chain = useQuery({ ...trpc.audit.verify.queryOptions(), staleTime: 0 });
  const when = (at: string | null | undefined) => (at ? formatBeijingTime(at) : t("common.none"));
  const recheck = (
    <Button size="small" loading={chain.isFetching} onClick={() => chain.refetch()}>
      {t("auditLog.recheck")}
    </Button>
  );
  if (chain.isPending) return <Alert type="info" showIcon title={t("auditLog.chainChecking")} data-testid="audit-chain" />;
  if (chain.isError) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t("auditLog.chainFailed")}
        description={chain.error.message}
        action={recheck}
        data-testid="audit-chain"
      />
    );
  }
  const report = chain.data;
  if (report.intact) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="audit-chain"
        title={
          report.first
            ? t("auditLog.chainIntact", { id: report.first.id, date: when(report.first.at), n: report.events })
            : t("auditLog.chainEmpty")
        }
        description={
          report.last && (
            <span>
              {t("auditLog.headHash")}
              <code style={{ wordBreak: "break-all" }}>
                #{report.last.id} {report.last.hash}
              </code>
            </span>
          )
        }
        action={recheck}
      />
    );
  }
  const broken = report.brokenAt!;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-chain"
      title={
        broken.reason === "head" && broken.id === null
          ? t("auditLog.chainBrokenHead")
          : t("auditLog.chainBroken", { id: broken.id, date: when(broken.at) })
      }
      description={t(`auditLog.chainReasons.${broken.reason}`)}
      action={recheck}
    />
  );
}
