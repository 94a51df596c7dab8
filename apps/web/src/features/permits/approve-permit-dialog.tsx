import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { Form, Input } from "antd";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";
import { certificateNoSchema } from "./permit-move-rules";

type Approve = Extract<RouterInputs["permits"]["move"], { to: "approved" }>;
type Values = Pick<Approve, "certificateNo">;

/** `permits.move` to approved: the issuing unit records the certificate number. */
export function ApprovePermitDialog({
  permit,
  onClose,
}: {
  permit: Pick<Approve, "id" | "version"> & { name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const move = useMutation(trpc.permits.move.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog<Values>
      title={`${t("me.approve")} · ${permit.name}`}
      form={form}
      pending={move.isPending}
      onClose={onClose}
      onFinish={(v) => move.mutate({ id: permit.id, version: permit.version, to: "approved", certificateNo: v.certificateNo })}
    >
      <Form.Item
        name="certificateNo"
        label={t("forms.certificateNo")}
        rules={[
          { required: true, whitespace: true, message: t("forms.required") },
          schemaRule(certificateNoSchema, t("forms.lengthRange", bounds(certificateNoSchema))),
        ]}
      >
        <Input maxLength={bounds(certificateNoSchema).maxLength} />
      </Form.Item>
    </FormDialog>
  );
}
