import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@tracker/api";
import {
  ESCALATION_LABELS,
  LIFECYCLE_LABELS,
  type Localized,
  PERMIT_STATUS_LABELS,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_STATUS_LABELS,
  PROJECT_CATEGORY_LABELS,
  STAGE_LABELS,
} from "@tracker/domain";
import { type TableColumnsType, Tag } from "antd";
import { useLabel, useTranslation } from "../../i18n";
import { formatBeijingTime } from "../../lib/format";
import { trpc } from "../../trpc";

/*
 * How an audit event reads, shared by the auditor's log and a project's change history: when, who,
 * what, and which fields changed from what to what — in words, in the user's language.
 */

/** An event as both audit procedures return it. */
export type AuditEvent = RouterOutputs["audit"]["list"]["items"][number];

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

type Labels = Record<string, Localized>;
const MILESTONE_STATUS_LABELS: Labels = {
  pending: { "zh-CN": "未完成", en: "Pending" },
  done: { "zh-CN": "已完成", en: "Done" },
};
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

/**
 * The columns both audit tables share: when, who, what, and the changes. `resolveNames` turns unit and
 * leader ids into names through `reference.options` (not for the auditor, who may not read it).
 */
export function useAuditColumns({ resolveNames }: { resolveNames: boolean }): TableColumnsType<AuditEvent> {
  const { t, i18n } = useTranslation();
  const valueLabel = useValueLabel();
  const options = useQuery({ ...trpc.reference.options.queryOptions(), enabled: resolveNames });
  const names = new Map<string, string>([
    ...(options.data?.units ?? []).flatMap((u) => [
      [`unitId:${u.id}`, u.name] as [string, string],
      [`assignedUnitId:${u.id}`, u.name] as [string, string],
    ]),
    ...(options.data?.leaders ?? []).map((l) => [`leaderId:${l.id}`, l.name] as [string, string]),
  ]);
  const label = (group: string, key: string) => (i18n.exists(`trail.${group}.${key}`) ? t(`trail.${group}.${key}`) : key);
  const value = (e: AuditEvent, field: string, raw: string) => names.get(`${field}:${raw}`) ?? valueLabel(e.entity, field, raw);
  return [
    {
      title: t("trail.at"),
      dataIndex: "at",
      width: 170,
      render: (at: Date | string) => formatBeijingTime(at, { seconds: true }),
    },
    {
      title: t("trail.who"),
      key: "who",
      width: 170,
      render: (_: unknown, e) => (
        <span>
          {e.personName ?? e.username ?? t("common.none")}
          {e.personName && e.username ? ` (${e.username})` : ""}{" "}
          <span className="muted">{e.role ? label("roles", e.role) : ""}</span>
        </span>
      ),
    },
    {
      title: t("trail.what"),
      key: "what",
      width: 200,
      render: (_: unknown, e) => (
        <span>
          <Tag>{label("entities", e.entity)}</Tag>
          {e.entityId && e.entity !== "project" && <span className="muted">#{e.entityId} </span>}
          {label("actions", e.action)}
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
                <span className="muted">{label("fields", c.field)}</span>: {e.before ? `${value(e, c.field, c.from)} → ` : ""}
                {value(e, c.field, c.to)}
              </li>
            ))}
          </ul>
        );
      },
    },
  ];
}
