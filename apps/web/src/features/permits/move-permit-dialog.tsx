import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { permitMoveSchema } from "@tracker/domain";
import { Form, Input, Select } from "antd";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { bounds, type FieldSchema, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";

type PermitMove = RouterInputs["permits"]["move"];
/** The two moves that need more than a click: what an approval records, what a return lists. */
type Values = Partial<
  Pick<Extract<PermitMove, { to: "approved" }>, "certificateNo"> &
    Pick<Extract<PermitMove, { to: "returned" }>, "missingMaterials">
>;

/** One branch of `permits.move` (its input is a union keyed by `to`), for the rules of its field. */
function branch(to: "approved" | "returned") {
  const found = permitMoveSchema.options.find((o) => o.shape.to.value === to);
  if (!found) throw new Error(`permits.move has no ${to} branch`);
  return found.shape as unknown as Record<string, FieldSchema>;
}
const certificateNo = branch("approved").certificateNo!;
const missingMaterials = branch("returned").missingMaterials!;
/** One material of the list, for the length in the message. */
const material = (missingMaterials as unknown as { element: FieldSchema }).element;

/**
 * `permits.move` to approved (the certificate number) or to returned (every missing material listed
 * once, 一次性告知): the issuing unit's two decisions on a permit on the clock.
 */
export function MovePermitDialog({
  permit,
  to,
  onClose,
}: {
  permit: Pick<PermitMove, "id" | "version"> & { name: string };
  to: "approved" | "returned";
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const move = useMutation(trpc.permits.move.mutationOptions(useDialogWrite(onClose)));
  const { id, version } = permit;
  return (
    <FormDialog<Values>
      title={`${to === "approved" ? t("me.approve") : t("me.return")} · ${permit.name}`}
      form={form}
      pending={move.isPending}
      onClose={onClose}
      onFinish={(v) =>
        to === "approved"
          ? move.mutate({ id, version, to, certificateNo: v.certificateNo ?? "" })
          : move.mutate({ id, version, to, missingMaterials: v.missingMaterials ?? [] })
      }
    >
      {to === "approved" ? (
        <Form.Item
          name="certificateNo"
          label={t("forms.certificateNo")}
          rules={[
            { required: true, whitespace: true, message: t("forms.required") },
            schemaRule(certificateNo, t("forms.lengthRange", bounds(certificateNo))),
          ]}
        >
          <Input maxLength={bounds(certificateNo).maxLength} />
        </Form.Item>
      ) : (
        <Form.Item
          name="missingMaterials"
          label={t("forms.missingMaterials")}
          rules={[
            { required: true, type: "array", min: 1, message: t("forms.required") },
            schemaRule(missingMaterials, t("forms.lengthRange", bounds(material))),
          ]}
        >
          <Select mode="tags" open={false} tokenSeparators={["；", ";", "\n"]} aria-label={t("forms.missingMaterials")} />
        </Form.Item>
      )}
    </FormDialog>
  );
}
