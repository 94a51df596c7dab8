import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { DatePicker, Form, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { trpc } from "../../trpc";
import { useUnitOptions } from "./unit-options";

type Input = RouterInputs["problems"]["assign"];
type Values = Pick<Input, "assignedUnitId"> & { deadline?: Dayjs };

/** `problems.assign`: hands a problem to another unit, optionally with a new deadline. */
export function AssignProblemDialog({
  problem,
  title,
  onClose,
}: {
  problem: Pick<Input, "id" | "version" | "assignedUnitId"> & { description: string };
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const units = useUnitOptions();
  const assign = useMutation(trpc.problems.assign.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog<Values>
      title={title}
      intro={problem.description}
      form={form}
      pending={assign.isPending}
      onClose={onClose}
      initialValues={{ assignedUnitId: problem.assignedUnitId }}
      onFinish={(v) =>
        assign.mutate({
          id: problem.id,
          version: problem.version,
          assignedUnitId: v.assignedUnitId,
          ...(v.deadline ? { deadline: v.deadline.format("YYYY-MM-DD") } : {}),
        })
      }
    >
      <Form.Item name="assignedUnitId" label={t("actions.unit")} rules={[{ required: true, message: t("forms.required") }]}>
        <Select showSearch={{ optionFilterProp: "label" }} options={units} loading={!units} />
      </Form.Item>
      <Form.Item name="deadline" label={t("actions.newDeadline")}>
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), "day")} />
      </Form.Item>
    </FormDialog>
  );
}
