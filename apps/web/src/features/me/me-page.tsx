import { useMutation, useQuery } from "@tanstack/react-query";
import type { RouterInputs, RouterOutputs } from "@tracker/api";
import { milestoneReplanSchema, problemResolveSchema, progressReportSchema, STAGE_LABELS } from "@tracker/domain";
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Skeleton, Space, Table, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { RagDot } from "../../components/rag";
import { useLabel, useTranslation } from "../../i18n";
import { newIdempotencyKey } from "../../lib/idempotency-key";
import { useWriteFeedback } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";
import { PermitActions } from "../permits/permit-actions";

type Work = RouterOutputs["me"]["work"];
type DueMilestone = Work["milestones"][number];
type QueuedPermit = Work["permits"][number];
type OpenProblem = Work["problems"][number];
/** What the open dialog's form holds: the procedures' input fields, dates and months as Dayjs. */
type DialogValues = Partial<
  Pick<RouterInputs["milestones"]["replan"], "reason"> &
    Pick<RouterInputs["progress"]["submit"], "investmentWan" | "physicalPercent" | "narrative"> &
    Pick<RouterInputs["problems"]["resolve"], "resolution"> & { actualDate: Dayjs; plannedDate: Dayjs; period: Dayjs }
>;
const replanReason = milestoneReplanSchema.shape.reason;
const { investmentWan, physicalPercent, narrative } = progressReportSchema.shape;
const resolution = problemResolveSchema.shape.resolution;

type Dialog =
  | { kind: "complete" | "replan"; milestone: DueMilestone }
  | { kind: "report"; projectId: number; projectName: string }
  | { kind: "resolve"; problem: OpenProblem }
  | null;

const iso = (d: Dayjs) => d.format("YYYY-MM-DD");

/** What the signed-in user must do, soonest first, with the forms to do it. */
export default function MePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const work = useQuery(trpc.me.work.queryOptions());
  const [dialog, setDialog] = useState<Dialog>(null);
  const feedback = useWriteFeedback();
  const close = () => setDialog(null);
  const done = {
    onSuccess: async () => {
      close();
      await feedback.onSuccess();
    },
    onError: feedback.onError,
  };

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
      <Dialogs dialog={dialog} close={close} done={done} />
    </main>
  );
}

/** An InputNumber's bounds, from the field's schema. */
const range = (schema: Parameters<typeof bounds>[0]) => {
  const { min, max } = bounds(schema);
  return { min, max };
};

function Dialogs({
  dialog,
  close,
  done,
}: {
  dialog: Dialog;
  close: () => void;
  done: { onSuccess: () => Promise<unknown>; onError: (e: { message: string }) => void };
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DialogValues>();
  // One key per opened form: resubmitting it cannot file the report twice.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key for each dialog opened
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [dialog]);
  const complete = useMutation(trpc.milestones.complete.mutationOptions(done));
  const replan = useMutation(trpc.milestones.replan.mutationOptions(done));
  const report = useMutation(trpc.progress.submit.mutationOptions(done));
  const resolve = useMutation(trpc.problems.resolve.mutationOptions(done));
  const pending = complete.isPending || replan.isPending || report.isPending || resolve.isPending;
  if (!dialog) return null;
  const required = { required: true, message: t("forms.required") };

  const titles = {
    complete: `${t("me.complete")} · ${dialog.kind === "complete" ? dialog.milestone.name : ""}`,
    replan: `${t("me.replan")} · ${dialog.kind === "replan" ? dialog.milestone.name : ""}`,
    report: `${t("me.report")} · ${dialog.kind === "report" ? dialog.projectName : ""}`,
    resolve: t("me.resolve"),
  };

  const submit = (values: DialogValues) => {
    switch (dialog.kind) {
      case "complete":
        return complete.mutate({
          id: dialog.milestone.id,
          version: dialog.milestone.version,
          actualDate: iso(values.actualDate as Dayjs),
        });
      case "replan":
        return replan.mutate({
          id: dialog.milestone.id,
          version: dialog.milestone.version,
          plannedDate: iso(values.plannedDate as Dayjs),
          reason: String(values.reason),
        });
      case "report":
        return report.mutate({
          idempotencyKey,
          projectId: dialog.projectId,
          period: (values.period as Dayjs).format("YYYY-MM"),
          investmentWan: Number(values.investmentWan),
          physicalPercent: Number(values.physicalPercent),
          narrative: String(values.narrative ?? ""),
        });
      case "resolve":
        return resolve.mutate({ id: dialog.problem.id, version: dialog.problem.version, resolution: String(values.resolution) });
    }
  };

  return (
    <Modal
      open
      title={titles[dialog.kind]}
      onCancel={close}
      okText={t("forms.submit")}
      cancelText={t("forms.cancel")}
      confirmLoading={pending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ actualDate: dayjs(), period: dayjs() }}
      >
        {dialog.kind === "complete" && (
          <Form.Item name="actualDate" label={t("forms.actualDate")} rules={[required]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), "day")} />
          </Form.Item>
        )}
        {dialog.kind === "replan" && (
          <>
            <Form.Item name="plannedDate" label={t("forms.plannedDate")} rules={[required]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="reason" label={t("forms.reason")} rules={[required, schemaRule(replanReason, t("forms.reasonMin"))]}>
              <Input.TextArea rows={2} maxLength={bounds(replanReason).maxLength} />
            </Form.Item>
          </>
        )}
        {dialog.kind === "report" && (
          <>
            <Form.Item name="period" label={t("forms.period")} rules={[required]}>
              <DatePicker picker="month" disabledDate={(d) => d.isAfter(dayjs(), "month")} />
            </Form.Item>
            <Form.Item name="investmentWan" label={t("forms.investment")} rules={[required]}>
              <InputNumber {...range(investmentWan)} precision={0} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="physicalPercent" label={t("forms.physical")} rules={[required]}>
              <InputNumber {...range(physicalPercent)} precision={0} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item
              name="narrative"
              label={t("forms.narrative")}
              rules={[schemaRule(narrative, t("forms.lengthRange", { minLength: 0, ...bounds(narrative) }))]}
            >
              <Input.TextArea rows={3} maxLength={bounds(narrative).maxLength} />
            </Form.Item>
          </>
        )}
        {dialog.kind === "resolve" && (
          <Form.Item
            name="resolution"
            label={t("forms.resolution")}
            rules={[required, schemaRule(resolution, t("forms.lengthRange", bounds(resolution)))]}
          >
            <Input.TextArea rows={3} maxLength={bounds(resolution).maxLength} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
