import { reasonSchema } from "@tracker/domain";
import { Form, Input } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "../i18n";
import { bounds, schemaRule } from "../lib/zod-rules";

/**
 * The written reason a write asks for (escalating or reopening a problem, moving a stage back or
 * skipping one): the domain's `reasonSchema`, required unless `optional`.
 */
export function ReasonField({ label, extra, optional = false }: { label: string; extra?: ReactNode; optional?: boolean }) {
  const { t } = useTranslation();
  const rule = schemaRule(reasonSchema, t("forms.reasonMin"));
  return (
    <Form.Item
      name="reason"
      label={label}
      extra={extra}
      rules={optional ? [rule] : [{ required: true, message: t("forms.required") }, rule]}
    >
      <Input.TextArea rows={2} maxLength={bounds(reasonSchema).maxLength} />
    </Form.Item>
  );
}
