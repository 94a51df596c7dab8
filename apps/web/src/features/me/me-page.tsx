import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@tracker/api";
import { STAGE_LABELS } from "@tracker/domain";
import { Alert, Button, Skeleton, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { RagDot } from "../../components/rag";
import { useLabel, useTranslation } from "../../i18n";
import { trpc } from "../../trpc";
import { CompleteMilestoneDialog } from "../milestones/complete-milestone-dialog";
import { ReplanMilestoneDialog } from "../milestones/replan-milestone-dialog";
import { PermitActions } from "../permits/permit-actions";
import { ResolveProblemDialog } from "../problems/resolve-problem-dialog";
import { SubmitProgressDialog } from "../progress/submit-progress-dialog";

type Work = RouterOutputs["me"]["work"];
type DueMilestone = Work["milestones"][number];
type QueuedPermit = Work["permits"][number];
type OpenProblem = Work["problems"][number];

type Dialog =
  | { kind: "complete" | "replan"; milestone: DueMilestone }
  | { kind: "report"; projectId: number; projectName: string }
  | { kind: "resolve"; problem: OpenProblem }
  | null;

/** What the signed-in user must do, soonest first, with the forms to do it. */
export default function MePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const work = useQuery(trpc.me.work.queryOptions());
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  if (work.isError) return <Alert type="error" showIcon title={t("common.loadFailed")} description={work.error.message} />;
  if (!work.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const w = work.data;
  return (
    <main className="page" style={{ display: "grid", gap: 16 }}>
      <h1 style={{ margin: 0, fontSize: 22 }}>{t("me.title")}</h1>
      {w.milestones.length > 0 && (
        <section className="panel" aria-labelledby="due-title">
          <h2 id="due-title">{t("me.milestones")}</h2>
          <Table<DueMilestone>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={w.milestones}
            columns={[
              {
                title: t("register.col.name"),
                dataIndex: "projectName",
                render: (n: string, m) => <Link to={`/projects/${m.projectId}?tab=milestones`}>{n}</Link>,
              },
              { title: t("detail.tabs.milestones"), dataIndex: "name" },
              {
                title: t("detail.deadline"),
                dataIndex: "plannedDate",
                render: (d: string, m) => (m.overdue ? <span className="late">{`${d} · ${t("me.overdue")}`}</span> : d),
              },
              {
                title: "",
                key: "actions",
                width: 200,
                render: (_: unknown, m) => (
                  <Space>
                    <Button size="small" type="primary" onClick={() => setDialog({ kind: "complete", milestone: m })}>
                      {t("me.complete")}
                    </Button>
                    <Button size="small" onClick={() => setDialog({ kind: "replan", milestone: m })}>
                      {t("me.replan")}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </section>
      )}
      {w.projects.length > 0 && (
        <section className="panel" aria-labelledby="mine-title">
          <h2 id="mine-title">{t("me.projects")}</h2>
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={w.projects}
            columns={[
              {
                title: t("register.col.rag"),
                dataIndex: "rag",
                width: 70,
                render: (r: "red" | "amber" | "green") => <RagDot colour={r} />,
              },
              {
                title: t("register.col.name"),
                dataIndex: "name",
                render: (n: string, p) => <Link to={`/projects/${p.id}`}>{n}</Link>,
              },
              {
                title: t("register.col.stage"),
                dataIndex: "stage",
                render: (s: keyof typeof STAGE_LABELS) => <Tag>{label(STAGE_LABELS[s])}</Tag>,
              },
              {
                title: "",
                key: "actions",
                width: 140,
                render: (_: unknown, p) =>
                  p.stage === "construction" || p.stage === "hiring" ? (
                    <Button size="small" onClick={() => setDialog({ kind: "report", projectId: p.id, projectName: p.name })}>
                      {t("me.report")}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </section>
      )}
      {w.permits.length > 0 && (
        <section className="panel" aria-labelledby="queue-title">
          <h2 id="queue-title">{t("me.permits")}</h2>
          <Table<QueuedPermit>
            rowKey="id"
            size="small"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={w.permits}
            columns={[
              { title: t("detail.permit.name"), dataIndex: "itemName" },
              {
                title: t("register.col.name"),
                dataIndex: "projectName",
                render: (n: string, p) => <Link to={`/projects/${p.projectId}?tab=permits`}>{n}</Link>,
              },
              { title: t("detail.permit.due"), dataIndex: "dueDate" },
              {
                title: t("detail.permit.left"),
                dataIndex: "workingDaysLeft",
                render: (left: number | null) =>
                  left !== null && left < 0 ? <span className="late">{t("detail.permit.over", { n: -left })}</span> : left,
              },
              {
                title: "",
                key: "actions",
                width: 260,
                render: (_: unknown, p) => (
                  <PermitActions permit={{ id: p.id, version: p.version, status: p.status, name: p.itemName }} />
                ),
              },
            ]}
          />
        </section>
      )}
      <section className="panel" aria-labelledby="problems-title">
        <h2 id="problems-title">{t("me.problems")}</h2>
        <Table<OpenProblem>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={w.problems}
          locale={{ emptyText: t("me.empty") }}
          columns={[
            { title: t("detail.problem.description"), dataIndex: "description" },
            {
              title: t("register.col.name"),
              dataIndex: "projectName",
              render: (n: string, p) => <Link to={`/projects/${p.projectId}?tab=problems`}>{n}</Link>,
            },
            { title: t("detail.problem.unit"), dataIndex: "assignedUnitName" },
            {
              title: t("detail.problem.deadline"),
              dataIndex: "deadline",
              render: (d: string, p) => (p.overdue ? <span className="late">{d}</span> : d),
            },
            {
              title: "",
              key: "actions",
              width: 120,
              render: (_: unknown, p) => (
                <Button size="small" onClick={() => setDialog({ kind: "resolve", problem: p })}>
                  {t("me.resolve")}
                </Button>
              ),
            },
          ]}
        />
      </section>
      <Dialogs dialog={dialog} close={close} />
    </main>
  );
}

/** The open dialog: one per write, each in the feature that owns the procedure. */
function Dialogs({ dialog, close }: { dialog: Dialog; close: () => void }) {
  const { t } = useTranslation();
  if (!dialog) return null;
  switch (dialog.kind) {
    case "complete":
      return <CompleteMilestoneDialog milestone={dialog.milestone} onClose={close} />;
    case "replan":
      return <ReplanMilestoneDialog milestone={dialog.milestone} onClose={close} />;
    case "report":
      return <SubmitProgressDialog project={{ id: dialog.projectId, name: dialog.projectName }} onClose={close} />;
    case "resolve":
      return <ResolveProblemDialog problem={dialog.problem} title={t("me.resolve")} onClose={close} />;
  }
}
