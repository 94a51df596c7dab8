import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { Form, Select } from "antd";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";
import { materialSchema, missingMaterialsSchema } from "./permit-move-rules";

type Return = Extract<RouterInputs["permits"]["move"], { to: "returned" }>;
type Values = Pick<Return, "missingMaterials">;

/** `permits.move` to returned: every missing material listed once (一次性告知). */
export function ReturnPermitDialog({
  permit,
  onClose,
}: {
  permit: Pick<Return, "id" | "version"> & { name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const move = useMutation(trpc.permits.move.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog<Values>
      title={`${t("me.return")} · ${permit.name}`}
      form={form}
      pending={move.isPending}
      onClose={onClose}
      onFinish={(v) =>
        move.mutate({ id: permit.id, version: permit.version, to: "returned", missingMaterials: v.missingMaterials })
      }
    >
      <Form.Item
        name="missingMaterials"
        label={t("forms.missingMaterials")}
        rules={[
          { required: true, type: "array", min: 1, message: t("forms.required") },
          schemaRule(missingMaterialsSchema, t("forms.lengthRange", bounds(materialSchema))),
        ]}
      >
        <Select mode="tags" open={false} tokenSeparators={["；", ";", "\n"]} aria-label={t("forms.missingMaterials")} />
      </Form.Item>
    </FormDialog>
  );
}
