import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { DatePicker, Form } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { trpc } from "../../trpc";

type Input = RouterInputs["milestones"]["complete"];
type Values = { actualDate: Dayjs };

/** `milestones.complete`: the date a milestone was reached, no later than today. */
export function CompleteMilestoneDialog({
  milestone,
  onClose,
}: {
  milestone: Pick<Input, "id" | "version"> & { name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const complete = useMutation(trpc.milestones.complete.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog<Values>
      title={`${t("me.complete")} · ${milestone.name}`}
      form={form}
      pending={complete.isPending}
      onClose={onClose}
      initialValues={{ actualDate: dayjs() }}
      onFinish={(v) =>
        complete.mutate({ id: milestone.id, version: milestone.version, actualDate: v.actualDate.format("YYYY-MM-DD") })
      }
    >
      <Form.Item name="actualDate" label={t("forms.actualDate")} rules={[{ required: true, message: t("forms.required") }]}>
        <DatePicker disabledDate={(d) => d.isAfter(dayjs(), "day")} />
      </Form.Item>
    </FormDialog>
  );
}
