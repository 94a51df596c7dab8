import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { milestoneReplanSchema } from "@tracker/domain";
import { DatePicker, Form, Input } from "antd";
import type { Dayjs } from "dayjs";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";

type MilestoneReplan = RouterInputs["milestones"]["replan"];
type Values = Pick<MilestoneReplan, "reason"> & { plannedDate: Dayjs };
const reason = milestoneReplanSchema.shape.reason;

/** `milestones.replan`: a new planned date and why. */
export function ReplanMilestoneDialog({
  milestone,
  onClose,
}: {
  milestone: Pick<MilestoneReplan, "id" | "version"> & { name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const replan = useMutation(trpc.milestones.replan.mutationOptions(useDialogWrite(onClose)));
  const required = { required: true, message: t("forms.required") };
  return (
    <FormDialog<Values>
      title={`${t("me.replan")} · ${milestone.name}`}
      form={form}
      pending={replan.isPending}
      onClose={onClose}
      onFinish={(v) =>
        replan.mutate({
          id: milestone.id,
          version: milestone.version,
          plannedDate: v.plannedDate.format("YYYY-MM-DD"),
          reason: v.reason,
        })
      }
    >
      <Form.Item name="plannedDate" label={t("forms.plannedDate")} rules={[required]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="reason" label={t("forms.reason")} rules={[required, schemaRule(reason, t("forms.reasonMin"))]}>
        <Input.TextArea rows={2} maxLength={bounds(reason).maxLength} />
      </Form.Item>
    </FormDialog>
  );
}
