import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { progressReportSchema } from "@tracker/domain";
import { DatePicker, Form, Input, InputNumber } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo } from "react";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { newIdempotencyKey } from "../../lib/idempotency-key";
import { useDialogWrite } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";

type Values = Pick<RouterInputs["progress"]["submit"], "investmentWan" | "physicalPercent" | "narrative"> & {
  period: Dayjs;
};
const { investmentWan, physicalPercent, narrative } = progressReportSchema.shape;
/** An InputNumber's bounds, from the field's schema. */
const range = (schema: Parameters<typeof bounds>[0]) => {
  const { min, max } = bounds(schema);
  return { min, max };
};

/** `progress.submit`: a project's monthly report (investment, physical progress, narrative). */
export function SubmitProgressDialog({ project, onClose }: { project: { id: number; name: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  // One key per opened form: resubmitting it cannot file the report twice.
  const idempotencyKey = useMemo(() => newIdempotencyKey(), []);
  const report = useMutation(trpc.progress.submit.mutationOptions(useDialogWrite(onClose)));
  const required = { required: true, message: t("forms.required") };
  return (
    <FormDialog<Values>
      title={`${t("me.report")} · ${project.name}`}
      form={form}
      pending={report.isPending}
      onClose={onClose}
      initialValues={{ period: dayjs() }}
      onFinish={(v) =>
        report.mutate({
          idempotencyKey,
          projectId: project.id,
          period: v.period.format("YYYY-MM"),
          investmentWan: Number(v.investmentWan),
          physicalPercent: Number(v.physicalPercent),
          narrative: String(v.narrative ?? ""),
        })
      }
    >
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
    </FormDialog>
  );
}
