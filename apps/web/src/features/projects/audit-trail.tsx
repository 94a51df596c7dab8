import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AppRouter } from "@tracker/api";
import {
  ESCALATION_LABELS,
  LIFECYCLE_LABELS,
  PERMIT_STATUS_LABELS,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_STATUS_LABELS,
  PROJECT_CATEGORY_LABELS,
  STAGE_LABELS,
} from "@tracker/domain";
import type { inferRouterOutputs } from "@trpc/server";
import { Alert, Button, Table, Tag } from "antd";
import { useState } from "react";
import { useLabel, useTranslation } from "../../i18n";
import { trpc } from "../../trpc";

type Event = inferRouterOutputs<AppRouter>["audit"]["forProject"]["items"][number];

/** Bookkeeping fields every write changes; the trail leaves them out. */
const IGNORED = new Set(["version", "updatedAt", "createdAt", "id", "projectId"]);

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map(show).join("；");
  if (typeof value === "object") return JSON.stringify(value);
  const text = String(value);
  // ISO timestamps: the date and minute are enough.
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 16).replace("T", " ") : text;
}

type Labels = Record<string, { zh: string; en: string }>;
const MILESTONE_STATUS_LABELS: Labels = { pending: { zh: "未完成", en: "Pending" }, done: { zh: "已完成", en: "Done" } };
/** Coded values that read better as words: by entity and field, then by field alone. */
const VALUE_LABELS: Record<string, Labels> = {
  stage: STAGE_LABELS,
  escalationLevel: ESCALATION_LABELS,
  "project.status": LIFECYCLE_LABELS,
  "project.category": PROJECT_CATEGORY_LABELS,
  "permit.status": PERMIT_STATUS_LABELS,
  "problem.status": PROBLEM_STATUS_LABELS,
  "problem.category": PROBLEM_CATEGORY_LABELS,
  "milestone.status": MILESTONE_STATUS_LABELS,
};

/** A coded value (stage, status, …) in words, in the user's language; other values as they are. */
export function useValueLabel() {
  const label = useLabel();
  return (entity: string, field: string, value: string) => {
    const labels = VALUE_LABELS[`${entity}.${field}`] ?? VALUE_LABELS[field];
    const found = labels?.[value];
    return found ? label(found) : value;
  };
}

/** The fields an event changed, before → after; for a creation, what was set. */
export function changes(before: unknown, after: unknown): { field: string; from: string; to: string }[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !IGNORED.has(f));
  return fields
    .filter((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null))
    .map((f) => ({ field: f, from: show(b[f]), to: show(a[f]) }));
}

const timeFormat = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** Every change to the project and its five-fixed, milestones, permits, problems and reports, newest first. */
export default function AuditTrail({ projectId }: { projectId: number }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const trail = useQuery({
    ...trpc.audit.forProject.queryOptions({ projectId, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
  const options = useQuery(trpc.reference.options.queryOptions());
  // Ids of units and leaders read as names.
  const names = new Map<string, string>([
    ...(options.data?.units ?? []).flatMap((u) => [
      [`unitId:${u.id}`, u.name] as [string, string],
      [`assignedUnitId:${u.id}`, u.name] as [string, string],
    ]),
    ...(options.data?.leaders ?? []).map((l) => [`leaderId:${l.id}`, l.name] as [string, string]),
  ]);
  const valueLabel = useValueLabel();
  const nameOf = (entity: string, field: string, value: string) =>
    names.get(`${field}:${value}`) ?? valueLabel(entity, field, value);
  const fieldLabel = (f: string) => (i18n.exists(`trail.fields.${f}`) ? t(`trail.fields.${f}`) : f);
  const entityLabel = (e: string) => (i18n.exists(`trail.entities.${e}`) ? t(`trail.entities.${e}`) : e);
  const actionLabel = (a: string) => (i18n.exists(`trail.actions.${a}`) ? t(`trail.actions.${a}`) : a);

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
      <Table<Event>
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
        columns={[
          { title: t("trail.at"), dataIndex: "at", width: 150, render: (at: Date | string) => timeFormat.format(new Date(at)) },
          {
            title: t("trail.who"),
            key: "who",
            width: 150,
            render: (_: unknown, e) => (
              <span>
                {e.personName ?? e.username ?? t("common.none")}{" "}
                <span className="muted">{e.role ? t(`trail.roles.${e.role}`) : ""}</span>
              </span>
            ),
          },
          {
            title: t("trail.what"),
            key: "what",
            width: 170,
            render: (_: unknown, e) => (
              <span>
                <Tag>{entityLabel(e.entity)}</Tag>
                {actionLabel(e.action)}
              </span>
            ),
          },
          {
            title: t("trail.changes"),
            key: "changes",
            render: (_: unknown, e) => {
              const list = changes(e.before, e.after);
              return list.length === 0 ? (
                t("common.none")
              ) : (
                <ul className="trail-changes">
                  {list.slice(0, 8).map((c) => (
                    <li key={c.field}>
                      <span className="muted">{fieldLabel(c.field)}</span>:{" "}
                      {e.before ? `${nameOf(e.entity, c.field, c.from)} → ` : ""}
                      {nameOf(e.entity, c.field, c.to)}
                    </li>
                  ))}
                </ul>
              );
            },
          },
        ]}
      />
    </section>
  );
}
