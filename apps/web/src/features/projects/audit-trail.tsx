import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "../../i18n";
import { trpc } from "../../trpc";
import { type AuditEvent, useAuditColumns } from "../audit/audit-text";

/** Every change to the project and its five-fixed, milestones, permits, problems and reports, newest first. */
export default function AuditTrail({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const trail = useQuery({
    ...trpc.audit.forProject.queryOptions({ projectId, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
  const columns = useAuditColumns({ resolveNames: true });

  if (trail.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={t("common.loadFailed")}
        description={trail.error.message}
        action={<Button onClick={() => trail.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  return (
    <section className="panel" aria-label={t("detail.tabs.audit")}>
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        loading={trail.isFetching}
        dataSource={trail.data?.items}
        locale={{ emptyText: t("trail.empty") }}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: trail.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: setPage,
          showTotal: (n) => t("trail.total", { n }),
        }}
        columns={columns}
      />
    </section>
  );
}
