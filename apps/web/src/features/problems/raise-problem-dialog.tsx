import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { PROBLEM_CATEGORIES, PROBLEM_CATEGORY_LABELS, problemRaiseSchema } from "@tracker/domain";
import { DatePicker, Form, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { FormDialog } from "../../components/form-dialog";
import { useLabel, useTranslation } from "../../i18n";
import { newIdempotencyKey } from "../../lib/idempotency-key";
import { useDialogWrite } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";
import { useUnitOptions } from "./unit-options";

type RaiseInput = RouterInputs["problems"]["raise"];
type Values = Pick<RaiseInput, "category" | "description" | "assignedUnitId"> & { deadline: Dayjs };
const description = problemRaiseSchema.shape.description;

/**
 * `problems.raise`: a problem on a project, for a unit to solve by a deadline (the project's
 * responsible unit unless another is chosen). One idempotency key per opened dialog: submitting it
 * twice raises one problem.
 */
export function RaiseProblemDialog({ project, onClose }: { project: { id: number; name: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [form] = Form.useForm<Values>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const units = useUnitOptions();
  const raise = useMutation(trpc.problems.raise.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog<Values>
      title={`${t("actions.raise")} · ${project.name}`}
      form={form}
      pending={raise.isPending}
      onClose={onClose}
      initialValues={{ category: "land", deadline: dayjs().add(15, "day") }}
      onFinish={(v) =>
        raise.mutate({
          idempotencyKey,
          projectId: project.id,
          category: v.category,
          description: v.description,
          deadline: v.deadline.format("YYYY-MM-DD"),
          ...(v.assignedUnitId ? { assignedUnitId: v.assignedUnitId } : {}),
        })
      }
    >
      <Form.Item name="category" label={t("detail.problem.category")} rules={[{ required: true, message: t("forms.required") }]}>
        <Select options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: label(PROBLEM_CATEGORY_LABELS[c]) }))} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t("detail.problem.description")}
        rules={[{ required: true, message: t("forms.required") }, schemaRule(description, t("actions.descriptionMin"))]}
      >
        <Input.TextArea rows={3} maxLength={bounds(description).maxLength} />
      </Form.Item>
      <Form.Item name="deadline" label={t("detail.problem.deadline")} rules={[{ required: true, message: t("forms.required") }]}>
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), "day")} />
      </Form.Item>
      {units && (
        <Form.Item name="assignedUnitId" label={t("actions.unit")} extra={t("actions.unitDefault")}>
          <Select allowClear showSearch={{ optionFilterProp: "label" }} options={units} />
        </Form.Item>
      )}
    </FormDialog>
  );
}
