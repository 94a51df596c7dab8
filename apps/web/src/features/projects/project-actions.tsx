import { useMutation, useQuery } from "@tanstack/react-query";
import type { RouterInputs, RouterOutputs } from "@tracker/api";
import {
  checkStageMove,
  nextEscalation,
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_LABELS,
  type ProblemCategory,
  problemRaiseSchema,
  problemResolveSchema,
  reasonSchema,
  STAGE_LABELS,
  STAGES,
  type Stage,
  stageIndex,
  stageMoveSchema,
} from "@tracker/domain";
import { Button, DatePicker, Form, Input, Modal, Select, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useLabel, useTranslation } from "../../i18n";
import { newIdempotencyKey } from "../../lib/idempotency-key";
import { useWriteFeedback } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { useMe } from "../../session/use-me";
import { trpc } from "../../trpc";

type Project = RouterOutputs["projects"]["get"];
type Problem = Project["problems"][number];
type Me = NonNullable<RouterOutputs["auth"]["me"]>;
type Inputs = RouterInputs["problems"];
/** What the open dialog's form holds: the procedures' input fields, dates as the picker's Dayjs. */
type DialogValues = Partial<
  Pick<RouterInputs["projects"]["moveStage"], "stage" | "reason"> &
    Pick<Inputs["raise"], "category" | "description" | "assignedUnitId"> &
    Pick<Inputs["resolve"], "resolution"> & { deadline: Dayjs }
>;

/** The dialogs of the project page; one is open at a time. */
export type ProjectDialog =
  | { kind: "stage" }
  | { kind: "raise" }
  | { kind: "assign"; problem: Problem }
  | { kind: "escalate"; problem: Problem }
  | { kind: "resolve"; problem: Problem }
  | { kind: "verify"; problem: Problem }
  | { kind: "reopen"; problem: Problem }
  | null;

/**
 * What the signed-in user may do on this project — the same rules the server enforces (DESIGN.md §4),
 * used only to decide which buttons to show: the server checks every call again.
 */
export function projectPermissions(me: Me | null | undefined, p: Project) {
  const person = me?.personId ?? null;
  const role = me?.role;
  const isLeader = (role === "leader" || role === "owner") && person !== null && p.fiveFixed?.leaderId === person;
  const isHolder =
    (role === "leader" || role === "owner") &&
    person !== null &&
    (p.fiveFixed?.leaderId === person || p.fiveFixed?.ownerId === person);
  const isOwnInvestor = role === "investor" && me?.investorId === p.investorId;
  const active = p.status === "active";
  return {
    moveStage: isHolder && active,
    raise: isHolder || isOwnInvestor,
    problem(problem: Problem) {
      const open = problem.status === "open" || problem.status === "in_progress";
      const unitStaff = role === "unit_staff" && me?.unitId === problem.assignedUnitId;
      return {
        assign: open && (isHolder || role === "leadership"),
        escalate: open && nextEscalation(problem.escalationLevel) !== null && (isHolder || unitStaff || role === "leadership"),
        resolve: open && (isHolder || unitStaff),
        verify: problem.status === "resolved" && (isLeader || role === "leadership"),
        reopen: !open && (isHolder || role === "leadership"),
      };
    },
  };
}

/** The header's actions: move the stage, raise a problem. */
export function ProjectActions({ project, open }: { project: Project; open: (d: ProjectDialog) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = projectPermissions(me.data, project);
  if (!can.moveStage && !can.raise) return null;
  return (
    <Space wrap>
      {can.moveStage && (
        <Button type="primary" onClick={() => open({ kind: "stage" })}>
          {t("actions.moveStage")}
        </Button>
      )}
      {can.raise && <Button onClick={() => open({ kind: "raise" })}>{t("actions.raise")}</Button>}
    </Space>
  );
}

/** A problem row's actions, by what the user may do with it. */
export function ProblemActions({
  project,
  problem,
  open,
}: {
  project: Project;
  problem: Problem;
  open: (d: ProjectDialog) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const can = projectPermissions(me.data, project).problem(problem);
  const kinds = (["resolve", "assign", "escalate", "verify", "reopen"] as const).filter((k) => can[k]);
  if (kinds.length === 0) return null;
  return (
    <Space size={4} wrap>
      {kinds.map((kind) => (
        <Button key={kind} size="small" onClick={() => open({ kind, problem })}>
          {t(`actions.${kind}`)}
        </Button>
      ))}
    </Space>
  );
}

const iso = (d: Dayjs) => d.format("YYYY-MM-DD");

/** The form of whichever dialog is open; validation mirrors the server's zod schemas. */
export function ProjectDialogs({ project, dialog, close }: { project: Project; dialog: ProjectDialog; close: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [form] = Form.useForm<DialogValues>();
  const feedback = useWriteFeedback();
  const done = {
    onSuccess: async () => {
      close();
      await feedback.onSuccess();
    },
    onError: feedback.onError,
  };
  const moveStage = useMutation(trpc.projects.moveStage.mutationOptions(done));
  const raise = useMutation(trpc.problems.raise.mutationOptions(done));
  const assign = useMutation(trpc.problems.assign.mutationOptions(done));
  const escalate = useMutation(trpc.problems.escalate.mutationOptions(done));
  const resolve = useMutation(trpc.problems.resolve.mutationOptions(done));
  const verify = useMutation(trpc.problems.verify.mutationOptions(done));
  const reopen = useMutation(trpc.problems.reopen.mutationOptions(done));
  const options = useQuery({
    ...trpc.reference.options.queryOptions(),
    enabled: dialog?.kind === "assign" || dialog?.kind === "raise",
  });
  const [target, setTarget] = useState<Stage | undefined>(undefined);
  // One key per opened form: resubmitting it cannot raise the same problem twice.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key for each dialog opened
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [dialog]);
  const pending = [moveStage, raise, assign, escalate, resolve, verify, reopen].some((m) => m.isPending);
  if (!dialog) return null;

  const required = { required: true, message: t("forms.required") };
  const reasonRules = [required, schemaRule(reasonSchema, t("forms.reasonMin"))];
  const reasonMax = bounds(reasonSchema).maxLength;
  const description = problemRaiseSchema.shape.description;
  const resolution = problemResolveSchema.shape.resolution;
  const move = target ? checkStageMove(project.stage, target, "x") : undefined;
  const needsReason = move?.ok === true && move.kind !== "forward";
  const problemLine = "problem" in dialog ? dialog.problem.description : "";

  const submit = (values: DialogValues) => {
    switch (dialog.kind) {
      case "stage":
        return moveStage.mutate({
          id: project.id,
          version: project.version,
          stage: values.stage as Stage,
          ...(values.reason ? { reason: values.reason } : {}),
        });
      case "raise":
        return raise.mutate({
          idempotencyKey,
          projectId: project.id,
          category: values.category as ProblemCategory,
          description: String(values.description),
          deadline: iso(values.deadline as Dayjs),
          ...(values.assignedUnitId ? { assignedUnitId: Number(values.assignedUnitId) } : {}),
        });
      case "assign":
        return assign.mutate({
          id: dialog.problem.id,
          version: dialog.problem.version,
          assignedUnitId: Number(values.assignedUnitId),
          ...(values.deadline ? { deadline: iso(values.deadline as Dayjs) } : {}),
        });
      case "escalate":
        return escalate.mutate({ id: dialog.problem.id, version: dialog.problem.version, reason: String(values.reason) });
      case "resolve":
        return resolve.mutate({ id: dialog.problem.id, version: dialog.problem.version, resolution: String(values.resolution) });
      case "verify":
        return verify.mutate({ id: dialog.problem.id, version: dialog.problem.version });
      case "reopen":
        return reopen.mutate({ id: dialog.problem.id, version: dialog.problem.version, reason: String(values.reason) });
    }
  };

  const units = options.data?.units.map((u) => ({ value: u.id, label: u.name }));
  return (
    <Modal
      open
      title={`${t(`actions.${dialog.kind === "stage" ? "moveStage" : dialog.kind}`)} · ${project.name}`}
      onCancel={close}
      okText={t("forms.submit")}
      cancelText={t("forms.cancel")}
      confirmLoading={pending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {problemLine && <p className="muted">{problemLine}</p>}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{
          stage: STAGES[stageIndex(project.stage) + 1],
          deadline: dialog.kind === "raise" ? dayjs().add(15, "day") : undefined,
          category: "land",
          assignedUnitId: dialog.kind === "assign" ? dialog.problem.assignedUnitId : undefined,
        }}
        onValuesChange={(changed: { stage?: Stage }) => {
          if ("stage" in changed) setTarget(changed.stage);
        }}
      >
        {dialog.kind === "stage" && (
          <>
            <p>{t("actions.currentStage", { stage: label(STAGE_LABELS[project.stage]) })}</p>
            <Form.Item name="stage" label={t("actions.toStage")} rules={[required]}>
              <Select
                options={STAGES.filter((s) => s !== project.stage).map((s) => ({
                  value: s,
                  label: `${label(STAGE_LABELS[s])}${stageIndex(s) < stageIndex(project.stage) ? ` (${t("actions.back")})` : stageIndex(s) > stageIndex(project.stage) + 1 ? ` (${t("actions.skip")})` : ""}`,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t("actions.stageReason")}
              extra={needsReason ? t("actions.reasonNeeded") : t("actions.reasonOptional")}
              rules={needsReason ? reasonRules : [schemaRule(stageMoveSchema.shape.reason, t("forms.reasonMin"))]}
            >
              <Input.TextArea rows={2} maxLength={reasonMax} />
            </Form.Item>
          </>
        )}
        {dialog.kind === "raise" && (
          <>
            <Form.Item name="category" label={t("detail.problem.category")} rules={[required]}>
              <Select options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: label(PROBLEM_CATEGORY_LABELS[c]) }))} />
            </Form.Item>
            <Form.Item
              name="description"
              label={t("detail.problem.description")}
              rules={[required, schemaRule(description, t("actions.descriptionMin"))]}
            >
              <Input.TextArea rows={3} maxLength={bounds(description).maxLength} />
            </Form.Item>
            <Form.Item name="deadline" label={t("detail.problem.deadline")} rules={[required]}>
              <DatePicker disabledDate={(d) => d.isBefore(dayjs(), "day")} />
            </Form.Item>
            {units && (
              <Form.Item name="assignedUnitId" label={t("actions.unit")} extra={t("actions.unitDefault")}>
                <Select allowClear showSearch={{ optionFilterProp: "label" }} options={units} />
              </Form.Item>
            )}
          </>
        )}
        {dialog.kind === "assign" && (
          <>
            <Form.Item name="assignedUnitId" label={t("actions.unit")} rules={[required]}>
              <Select showSearch={{ optionFilterProp: "label" }} options={units} loading={!units} />
            </Form.Item>
            <Form.Item name="deadline" label={t("actions.newDeadline")}>
              <DatePicker disabledDate={(d) => d.isBefore(dayjs(), "day")} />
            </Form.Item>
          </>
        )}
        {(dialog.kind === "escalate" || dialog.kind === "reopen") && (
          <Form.Item name="reason" label={t("forms.reason")} rules={reasonRules}>
            <Input.TextArea rows={2} maxLength={reasonMax} />
          </Form.Item>
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
        {dialog.kind === "verify" && <p>{t("actions.verifyConfirm")}</p>}
      </Form>
    </Modal>
  );
}
