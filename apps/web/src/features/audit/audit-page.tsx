import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { Alert, App, Button, DatePicker, Input, InputNumber, Select, Table, Tooltip } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "../../i18n";
import { downloadBase64 } from "../../lib/download";
import { useUrlFilters } from "../../lib/use-url-filters";
import { trpc } from "../../trpc";
import { type AuditEvent, useAuditColumns } from "./audit-text";
import { ChainStatus } from "./chain-status";

const FILE_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv;charset=utf-8",
} as const;

type Query = RouterInputs["audit"]["list"];

const ENTITIES = [
  "project",
  "fiveFixed",
  "milestone",
  "permit",
  "problem",
  "progressReport",
  "user",
  "district",
  "auditLog",
] as const;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The log's filters from the URL, so a search can be shared and reloaded. */
function queryFromParams(params: URLSearchParams): Query {
  const from = params.get("from");
  const to = params.get("to");
  return {
    username: params.get("user")?.trim() || undefined,
    entity: params.get("entity") ?? undefined,
    action: params.get("action")?.trim() || undefined,
    projectId: positiveInt(params.get("project")),
    from: from && ISO.test(from) ? from : undefined,
    to: to && ISO.test(to) ? to : undefined,
    page: positiveInt(params.get("page")) ?? 1,
    pageSize: 50,
  };
}

/**
 * The audit log, for the auditor (审计员): every change and every sign-in with who, role, when, what,
 * before and after, client IP and correlation id; filtered by user, entity, action, project and day;
 * whether the hash chain is whole; and the chosen days exported as .xlsx or CSV.
 */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { params, update, clear } = useUrlFilters();
  const query = queryFromParams(params);
  const log = useQuery({ ...trpc.audit.list.queryOptions(query), placeholderData: keepPreviousData });
  // The auditor may not read reference data: ids stay ids here.
  const shared = useAuditColumns({ resolveNames: false });
  const label = (group: string, key: string) => (i18n.exists(`trail.${group}.${key}`) ? t(`trail.${group}.${key}`) : key);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState<"xlsx" | "csv" | null>(null);
  const exportPeriod = async (format: "xlsx" | "csv") => {
    if (!query.from || !query.to) return;
    setExporting(format);
    try {
      const file = await queryClient.fetchQuery({
        ...trpc.audit.export.queryOptions({ from: query.from, to: query.to, format }),
        staleTime: 0,
        gcTime: 0,
      });
      downloadBase64(file.base64, file.filename, FILE_TYPES[format]);
      message.success(t("auditLog.exported", { n: file.rows }));
      // The export is itself an event.
      await queryClient.invalidateQueries(trpc.audit.pathFilter());
    } catch (error) {
      message.error(`${t("auditLog.exportFailed")}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setExporting(null);
    }
  };
  const period = Boolean(query.from && query.to);

  return (
    <main className="page">
      <section className="panel" aria-labelledby="audit-title">
        <div style={{ marginBottom: 12 }}>
          <ChainStatus />
        </div>
        <div style={{ display: "flex", flexWrap: "wrap", gap: 12, alignItems: "center", marginBottom: 12 }}>
          <h1 id="audit-title" style={{ margin: 0, marginRight: "auto", fontSize: 18 }}>
            {t("auditLog.title")}{" "}
            <span className="muted" style={{ fontSize: 14, fontWeight: 400 }} data-testid="audit-total">
              {t("trail.total", { n: log.data?.total ?? "…" })}
            </span>
          </h1>
          <Input.Search
            placeholder={t("auditLog.user")}
            aria-label={t("auditLog.user")}
            allowClear
            defaultValue={query.username}
            onSearch={(v) => update({ user: v.trim() || undefined })}
            style={{ width: 180 }}
          />
          <Select
            placeholder={t("auditLog.entity")}
            aria-label={t("auditLog.entity")}
            allowClear
            value={query.entity}
            onChange={(v?: string) => update({ entity: v })}
            options={ENTITIES.map((e) => ({ value: e, label: label("entities", e) }))}
            style={{ width: 140 }}
          />
          <Input.Search
            placeholder={t("auditLog.action")}
            aria-label={t("auditLog.action")}
            allowClear
            defaultValue={query.action}
            onSearch={(v) => update({ action: v.trim() || undefined })}
            style={{ width: 160 }}
          />
          <InputNumber
            placeholder={t("auditLog.project")}
            aria-label={t("auditLog.project")}
            min={1}
            precision={0}
            value={query.projectId ?? null}
            onChange={(v) => update({ project: v ? String(v) : undefined })}
            style={{ width: 130 }}
          />
          <DatePicker.RangePicker
            aria-label={t("auditLog.days")}
            value={[query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]}
            onChange={(range) =>
              update({ from: range?.[0]?.format("YYYY-MM-DD") ?? undefined, to: range?.[1]?.format("YYYY-MM-DD") ?? undefined })
            }
          />
          <Tooltip title={period ? undefined : t("auditLog.exportNeedsDays")}>
            <Button disabled={!period} loading={exporting === "xlsx"} onClick={() => exportPeriod("xlsx")}>
              {t("auditLog.exportXlsx")}
            </Button>
          </Tooltip>
          <Tooltip title={period ? undefined : t("auditLog.exportNeedsDays")}>
            <Button disabled={!period} loading={exporting === "csv"} onClick={() => exportPeriod("csv")}>
              {t("auditLog.exportCsv")}
            </Button>
          </Tooltip>
          {params.toString() && (
            <Button type="link" onClick={clear}>
              {t("common.clearFilters")}
            </Button>
          )}
        </div>
        {log.isError ? (
          <Alert
            type="error"
            showIcon
            title={t("common.loadFailed")}
            description={log.error.message}
            action={<Button onClick={() => log.refetch()}>{t("common.retry")}</Button>}
          />
        ) : (
          <Table<AuditEvent>
            rowKey="id"
            size="small"
            loading={log.isFetching}
            dataSource={log.data?.items}
            locale={{ emptyText: t("trail.empty") }}
            scroll={{ x: 1200 }}
            pagination={{
              current: query.page,
              pageSize: 50,
              total: log.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (page) => update({ page: page > 1 ? String(page) : undefined }, true),
            }}
            expandable={{
              rowExpandable: (e) => e.before !== null || e.after !== null,
              expandedRowRender: (e) => (
                <div className="grid-2">
                  <figure style={{ margin: 0 }}>
                    <figcaption className="muted">{t("auditLog.before")}</figcaption>
                    <pre className="audit-json">{JSON.stringify(e.before, null, 2)}</pre>
                  </figure>
                  <figure style={{ margin: 0 }}>
                    <figcaption className="muted">{t("auditLog.after")}</figcaption>
                    <pre className="audit-json">{JSON.stringify(e.after, null, 2)}</pre>
                  </figure>
                </div>
              ),
            }}
            columns={[
              { title: "#", dataIndex: "id", width: 80 },
              ...shared.slice(0, 3),
              {
                title: t("auditLog.project"),
                dataIndex: "projectId",
                width: 90,
                render: (id: number | null) =>
                  id === null ? (
                    t("common.none")
                  ) : (
                    <Button type="link" size="small" onClick={() => update({ project: String(id) })}>
                      {id}
                    </Button>
                  ),
              },
              ...shared.slice(3),
              { title: t("auditLog.ip"), dataIndex: "clientIp", width: 120, render: (v: string | null) => v ?? t("common.none") },
            ]}
          />
        )}
      </section>
    </main>
  );
}
