import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@tracker/api";
import {
  ESCALATION_LABELS,
  PERMIT_STATUS_LABELS,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_STATUS_LABELS,
  PROJECT_CATEGORY_LABELS,
  STAGE_LABELS,
  STAGES,
  stageIndex,
} from "@tracker/domain";
import { Alert, Button, Descriptions, Empty, Result, Skeleton, Steps, Table, Tabs, Tag, Timeline } from "antd";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { RAG_TAG_COLOURS, useRagLabels } from "../../components/rag";
import { useLabel, useTranslation } from "../../i18n";
import { formatShare, formatWan } from "../../lib/format";
import { useMe } from "../../session/use-me";
import { errorCode, trpc } from "../../trpc";
import { PermitActions } from "../permits/permit-actions";
import { ProblemActions, ProjectActions, type ProjectDialog, ProjectDialogs } from "./project-actions";

const AuditTrail = lazy(() => import("./audit-trail"));

type Project = RouterOutputs["projects"]["get"];
type Permit = Project["permits"][number];
type Problem = Project["problems"][number];

const CumulativeChart = lazy(() => import("./cumulative-chart"));
const TABS = ["summary", "milestones", "permits", "problems", "audit"] as const;
type Tab = (typeof TABS)[number];

/** Solid tag colours dark enough for white text (WCAG AA). */
const PERMIT_COLOURS: Record<Permit["status"], string> = {
  not_started: "#4b5563",
  submitted: "#1d4ed8",
  in_review: "#1e40af",
  returned: "#b45309",
  approved: "#15803d",
  not_required: "#6b7280",
};

/** One project: stage, RAG and why, five-fixed, milestones, permits, problems, investment. */
export default function ProjectPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const projectId = Number(id);
  const [params, setParams] = useSearchParams();
  const requested: Tab = TABS.includes(params.get("tab") as Tab) ? (params.get("tab") as Tab) : "summary";
  const valid = Number.isInteger(projectId) && projectId > 0;
  const project = useQuery({ ...trpc.projects.get.queryOptions({ id: valid ? projectId : 1 }), enabled: valid });
  const me = useMe();
  const [dialog, setDialog] = useState<ProjectDialog>(null);
  // The project's trail: for leadership (the auditor reads the whole log on its own page).
  const canSeeTrail = me.data?.role === "leadership";
  const tab: Tab = requested === "audit" && !canSeeTrail ? "summary" : requested;

  if (!valid || errorCode(project.error) === "NOT_FOUND") {
    return (
      <main className="page">
        <Result status="404" title={t("common.notFound")} extra={<Link to="/projects">{t("common.back")}</Link>} />
      </main>
    );
  }
  if (project.isError) {
    return (
      <main className="page">
        <Alert
          type="error"
          showIcon
          title={t("common.loadFailed")}
          description={project.error.message}
          action={<Button onClick={() => project.refetch()}>{t("common.retry")}</Button>}
        />
      </main>
    );
  }
  if (!project.data) {
    return (
      <main className="page" aria-busy="true">
        <Skeleton active paragraph={{ rows: 10 }} />
      </main>
    );
  }
  const p = project.data;
  return (
    <main className="page">
      <Header project={p} actions={<ProjectActions project={p} open={setDialog} />} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "summary" ? {} : { tab: key }, { replace: true })}
        items={[
          { key: "summary", label: t("detail.tabs.summary"), children: <Summary project={p} /> },
          { key: "milestones", label: t("detail.tabs.milestones"), children: <Milestones project={p} /> },
          {
            key: "permits",
            label: `${t("detail.tabs.permits")} (${p.permits.length})`,
            children: <Permits permits={p.permits} />,
          },
          {
            key: "problems",
            label: `${t("detail.tabs.problems")} (${p.problems.length})`,
            children: <Problems project={p} open={setDialog} />,
          },
          ...(canSeeTrail
            ? [
                {
                  key: "audit",
                  label: t("detail.tabs.audit"),
                  children: (
                    <Suspense fallback={<Skeleton active />}>
                      <AuditTrail projectId={p.id} />
                    </Suspense>
                  ),
                },
              ]
            : []),
        ]}
      />
      <ProjectDialogs project={p} dialog={dialog} close={() => setDialog(null)} />
    </main>
  );
}

function Header({ project: p, actions }: { project: Project; actions: ReactNode }) {
  const { t } = useTranslation();
  const label = useLabel();
  const ragLabels = useRagLabels();
  const current = stageIndex(p.stage);
  return (
    <section className="panel" style={{ marginBottom: 16 }}>
      <div className="detail-head">
        <div>
          <h1>
            {p.name} {p.isKey && <Tag color="red">{t("register.col.isKey")}</Tag>}
          </h1>
          <div className="muted">
            {t("detail.code")} {p.code} · {p.investor.name} · {p.townshipName} · {label(PROJECT_CATEGORY_LABELS[p.category])} /{" "}
            {p.industry}
          </div>
          <div style={{ marginTop: 12 }}>{actions}</div>
        </div>
        <div data-testid="project-rag" style={{ minWidth: 280, maxWidth: 520 }}>
          <Tag color={RAG_TAG_COLOURS[p.rag.colour]} style={{ fontSize: 14, padding: "2px 10px" }}>
            {ragLabels[p.rag.colour]}
          </Tag>
          {p.rag.reasons.length === 0 ? (
            <div className="muted" style={{ marginTop: 8 }}>
              {t("detail.noReasons")}
            </div>
          ) : (
            <ul className="reason-list" aria-label={t("detail.reasons")}>
              {p.rag.reasons.slice(0, 6).map((r) => (
                <li key={`${r.kind}-${r.subject}-${r.dueDate}`} style={{ color: r.colour === "red" ? "#b91c1c" : "#92400e" }}>
                  {t("rag.reasonLine", {
                    kind: t(`rag.reasons.${r.kind}`),
                    subject: r.subject,
                    when:
                      r.kind === "milestone_replanned"
                        ? t("rag.replans", { n: r.days })
                        : r.colour === "red"
                          ? t("rag.late", { n: r.days })
                          : t("rag.left", { n: r.days }),
                  })}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <Steps
        style={{ marginTop: 20 }}
        size="small"
        current={current}
        status={p.status === "operating" ? "finish" : p.rag.colour === "red" ? "error" : "process"}
        items={STAGES.map((s) => ({ title: label(STAGE_LABELS[s]) }))}
      />
    </section>
  );
}

function Summary({ project: p }: { project: Project }) {
  const { t } = useTranslation();
  const ff = p.fiveFixed;
  return (
    <div className="grid-2">
      <section className="panel">
        <h2>{t("detail.fiveFixed")}</h2>
        {ff ? (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("detail.leader")}>
              {ff.leaderName}（{ff.leaderTitle}）
            </Descriptions.Item>
            <Descriptions.Item label={t("detail.unit")}>{ff.unitName}</Descriptions.Item>
            <Descriptions.Item label={t("detail.owner")}>
              {ff.ownerName}
              {ff.ownerPhone ? ` · ${ff.ownerPhone}` : ""}
            </Descriptions.Item>
            <Descriptions.Item label={t("detail.target")}>{ff.targetTask ?? t("common.none")}</Descriptions.Item>
            <Descriptions.Item label={t("detail.deadline")}>
              {ff.deadline ?? t("common.none")}
              {ff.achievedDate && (
                <Tag color="#15803d" style={{ marginLeft: 8 }}>
                  {t("detail.achieved", { date: ff.achievedDate })}
                </Tag>
              )}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty description={t("detail.noFiveFixed")} />
        )}
        {p.fiveFixedHistory.length > 0 && (
          <>
            <h3 style={{ marginTop: 16 }}>{t("detail.history")}</h3>
            <ul>
              {p.fiveFixedHistory.map((h) => (
                <li key={h.id}>
                  {h.validFrom.slice(0, 10)} – {h.validTo?.slice(0, 10)}: {h.leaderName} / {h.unitName} / {h.ownerName}
                  {h.reason ? `（${h.reason}）` : ""}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="panel">
        <h2>{t("charts.cumulative")}</h2>
        <Descriptions column={2} size="small" style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t("kpi.total")}>
            {formatWan(p.totalInvestmentWan)} {t("common.wan")}
          </Descriptions.Item>
          <Descriptions.Item label={t("kpi.completed")}>
            {formatWan(p.completedInvestmentWan)} {t("common.wan")}（{formatShare(p.completedInvestmentWan, p.totalInvestmentWan)}
            ）
          </Descriptions.Item>
          <Descriptions.Item label={t("detail.signed")}>{p.signedDate}</Descriptions.Item>
          <Descriptions.Item label={t("detail.plannedCompletion")}>
            {p.plannedCompletionDate ?? t("common.none")}
          </Descriptions.Item>
          <Descriptions.Item label={t("detail.jobs")}>
            {p.jobsPlanned} / {p.jobsHired}
          </Descriptions.Item>
        </Descriptions>
        <Suspense fallback={<Skeleton active />}>
          <CumulativeChart reports={p.progressReports} totalWan={p.totalInvestmentWan} completedWan={p.completedInvestmentWan} />
        </Suspense>
      </section>
    </div>
  );
}

function Milestones({ project: p }: { project: Project }) {
  const { t } = useTranslation();
  const label = useLabel();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section className="panel">
      <Timeline
        items={p.milestones.map((m) => {
          const late = m.status === "pending" && m.plannedDate < today;
          return {
            color: m.status === "done" ? "green" : late ? "red" : "blue",
            children: (
              <div>
                <strong>{m.name}</strong> <Tag>{label(STAGE_LABELS[m.stage])}</Tag>
                {m.replanCount > 0 && <Tag color="#b45309">{t("rag.replans", { n: m.replanCount })}</Tag>}
                <div className={late ? "late" : "muted"}>
                  {t("detail.baseline", { date: m.baselineDate })} · {t("detail.planned", { date: m.plannedDate })}
                  {m.actualDate && ` · ${t("detail.actual", { date: m.actualDate })}`}
                </div>
              </div>
            ),
          };
        })}
      />
    </section>
  );
}

function Permits({ permits }: { permits: Permit[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const me = useMe();
  // Window staff act on the permits their unit issues (the server checks it again).
  const staffUnit = me.data?.role === "unit_staff" ? me.data.unitId : null;
  return (
    <section className="panel">
      <Table<Permit>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={permits}
        scroll={{ x: 1000 }}
        columns={[
          { title: t("detail.permit.name"), dataIndex: "name" },
          { title: t("detail.permit.unit"), dataIndex: "unitName", width: 130 },
          {
            title: t("detail.permit.limit"),
            dataIndex: "statutoryDays",
            width: 110,
            render: (d: number) => t("common.workingDays", { n: d }),
          },
          {
            title: t("detail.permit.status"),
            dataIndex: "status",
            width: 100,
            render: (s: Permit["status"]) => <Tag color={PERMIT_COLOURS[s]}>{label(PERMIT_STATUS_LABELS[s])}</Tag>,
          },
          {
            title: t("detail.permit.submitted"),
            dataIndex: "submittedDate",
            width: 110,
            render: (d: string | null) => d ?? t("common.none"),
          },
          {
            title: t("detail.permit.due"),
            dataIndex: "dueDate",
            width: 110,
            render: (d: string | null) => d ?? t("common.none"),
          },
          {
            title: t("detail.permit.left"),
            dataIndex: "workingDaysLeft",
            width: 120,
            render: (left: number | null) =>
              left === null ? (
                t("common.none")
              ) : left < 0 ? (
                <span className="late">{t("detail.permit.over", { n: -left })}</span>
              ) : (
                left
              ),
          },
          {
            title: t("detail.permit.result"),
            key: "result",
            render: (_: unknown, permit) =>
              permit.certificateNo ??
              (permit.missingMaterials ? <span className="late">{permit.missingMaterials.join("；")}</span> : t("common.none")),
          },
          ...(staffUnit !== null
            ? [
                {
                  title: "",
                  key: "actions",
                  width: 220,
                  render: (_: unknown, permit: Permit) =>
                    permit.unitId === staffUnit ? (
                      <PermitActions
                        permit={{ id: permit.id, version: permit.version, status: permit.status, name: permit.name }}
                      />
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </section>
  );
}

function Problems({ project, open }: { project: Project; open: (d: ProjectDialog) => void }) {
  const problems = project.problems;
  const { t } = useTranslation();
  const label = useLabel();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section className="panel">
      <Table<Problem>
        rowKey="id"
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={problems}
        locale={{ emptyText: t("detail.problem.empty") }}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t("detail.problem.category"),
            dataIndex: "category",
            width: 120,
            render: (c: Problem["category"]) => label(PROBLEM_CATEGORY_LABELS[c]),
          },
          { title: t("detail.problem.description"), dataIndex: "description" },
          { title: t("detail.problem.unit"), dataIndex: "assignedUnitName", width: 130 },
          {
            title: t("detail.problem.level"),
            dataIndex: "escalationLevel",
            width: 100,
            render: (l: Problem["escalationLevel"]) => label(ESCALATION_LABELS[l]),
          },
          {
            title: t("detail.problem.deadline"),
            dataIndex: "deadline",
            width: 110,
            render: (d: string, problem) =>
              (problem.status === "open" || problem.status === "in_progress") && d < today ? (
                <span className="late">{d}</span>
              ) : (
                d
              ),
          },
          {
            title: t("detail.problem.status"),
            dataIndex: "status",
            width: 100,
            render: (s: Problem["status"]) => (
              <Tag color={s === "verified" ? "#15803d" : s === "resolved" ? "#166534" : "#1d4ed8"}>
                {label(PROBLEM_STATUS_LABELS[s])}
              </Tag>
            ),
          },
          { title: t("detail.problem.resolution"), dataIndex: "resolution", render: (r: string | null) => r ?? t("common.none") },
          {
            title: "",
            key: "actions",
            width: 200,
            render: (_: unknown, problem: Problem) => <ProblemActions project={project} problem={problem} open={open} />,
          },
        ]}
      />
    </section>
  );
}
