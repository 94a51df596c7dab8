import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { checkStageMove, STAGE_LABELS, STAGES, type Stage, stageIndex } from "@tracker/domain";
import { Form, Select } from "antd";
import { useState } from "react";
import { FormDialog } from "../../components/form-dialog";
import { ReasonField } from "../../components/reason-field";
import { useLabel, useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { trpc } from "../../trpc";

type Input = RouterInputs["projects"]["moveStage"];
type Values = Pick<Input, "stage" | "reason">;

/**
 * `projects.moveStage`: one step forward needs nothing more; moving back or skipping a stage needs a
 * reason (the domain's `checkStageMove`, as on the server).
 */
export function MoveStageDialog({
  project,
  onClose,
}: {
  project: Pick<Input, "id" | "version"> & { name: string; stage: Stage };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [form] = Form.useForm<Values>();
  const next = STAGES[stageIndex(project.stage) + 1];
  const [target, setTarget] = useState<Stage | undefined>(next);
  const moveStage = useMutation(trpc.projects.moveStage.mutationOptions(useDialogWrite(onClose)));
  const move = target ? checkStageMove(project.stage, target, "x") : undefined;
  const needsReason = move?.ok === true && move.kind !== "forward";
  const note = (s: Stage) =>
    stageIndex(s) < stageIndex(project.stage)
      ? ` (${t("actions.back")})`
      : stageIndex(s) > stageIndex(project.stage) + 1
        ? ` (${t("actions.skip")})`
        : "";
  return (
    <FormDialog<Values>
      title={`${t("actions.moveStage")} · ${project.name}`}
      form={form}
      pending={moveStage.isPending}
      onClose={onClose}
      initialValues={{ stage: next }}
      onValuesChange={(changed) => {
        if ("stage" in changed) setTarget(changed.stage);
      }}
      onFinish={(v) =>
        moveStage.mutate({ id: project.id, version: project.version, stage: v.stage, ...(v.reason ? { reason: v.reason } : {}) })
      }
    >
      <p>{t("actions.currentStage", { stage: label(STAGE_LABELS[project.stage]) })}</p>
      <Form.Item name="stage" label={t("actions.toStage")} rules={[{ required: true, message: t("forms.required") }]}>
        <Select
          options={STAGES.filter((s) => s !== project.stage).map((s) => ({
            value: s,
            label: `${label(STAGE_LABELS[s])}${note(s)}`,
          }))}
        />
      </Form.Item>
      <ReasonField
        label={t("actions.stageReason")}
        extra={needsReason ? t("actions.reasonNeeded") : t("actions.reasonOptional")}
        optional={!needsReason}
      />
    </FormDialog>
  );
}
