import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { type PermitStatus, permitMoveSchema } from "@tracker/domain";
import { Button, Form, Input, Modal, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "../../i18n";
import { useWriteFeedback } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";

type PermitMove = RouterInputs["permits"]["move"];
/** The approve and return forms: the fields of those two branches of `permits.move`. */
type PermitValues = Partial<
  Pick<Extract<PermitMove, { to: "approved" }>, "certificateNo"> &
    Pick<Extract<PermitMove, { to: "returned" }>, "missingMaterials">
>;
const branch = (to: "approved" | "returned") => {
  const found = permitMoveSchema.options.find((o) => o.shape.to.value === to);
  if (!found) throw new Error(`permits.move has no ${to} branch`);
  return found.shape as Record<string, Parameters<typeof schemaRule>[0]>;
};
const certificateNo = branch("approved").certificateNo as Parameters<typeof schemaRule>[0];
const missingMaterials = branch("returned").missingMaterials as Parameters<typeof schemaRule>[0];
/** One material's schema (the array's element), for the message. */
const material = (missingMaterials as unknown as { element: Parameters<typeof bounds>[0] }).element;

export interface ActionablePermit {
  id: number;
  version: number;
  status: PermitStatus;
  name: string;
}

/**
 * The moves a window clerk of the issuing unit makes on one permit: accept (the statutory clock
 * starts), review, approve with the certificate number, or return with every missing material
 * listed once (一次性告知).
 */
export function PermitActions({ permit }: { permit: ActionablePermit }) {
  const { t } = useTranslation();
  const feedback = useWriteFeedback();
  const [dialog, setDialog] = useState<"approve" | "return" | null>(null);
  const [form] = Form.useForm();
  const move = useMutation(
    trpc.permits.move.mutationOptions({
      onSuccess: async () => {
        setDialog(null);
        await feedback.onSuccess();
      },
      onError: feedback.onError,
    }),
  );
  const { id, version, status } = permit;
  const pending = status === "submitted" || status === "in_review";
  return (
    <>
      <Space size="small" wrap>
        {(status === "not_started" || status === "returned") && (
          <Button size="small" onClick={() => move.mutate({ id, version, to: "submitted" })} loading={move.isPending}>
            {t("me.accept")}
          </Button>
        )}
        {status === "submitted" && (
          <Button size="small" onClick={() => move.mutate({ id, version, to: "in_review" })} loading={move.isPending}>
            {t("me.review")}
          </Button>
        )}
        {pending && (
          <>
            <Button size="small" type="primary" onClick={() => setDialog("approve")}>
              {t("me.approve")}
            </Button>
            <Button size="small" danger onClick={() => setDialog("return")}>
              {t("me.return")}
            </Button>
          </>
        )}
      </Space>
      {dialog && (
        <Modal
          open
          title={`${dialog === "approve" ? t("me.approve") : t("me.return")} · ${permit.name}`}
          onCancel={() => setDialog(null)}
          okText={t("forms.submit")}
          cancelText={t("forms.cancel")}
          confirmLoading={move.isPending}
          onOk={() => form.submit()}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            onFinish={(values: PermitValues) =>
              dialog === "approve"
                ? move.mutate({ id, version, to: "approved", certificateNo: values.certificateNo ?? "" })
                : move.mutate({ id, version, to: "returned", missingMaterials: values.missingMaterials ?? [] })
            }
          >
            {dialog === "approve" ? (
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
          </Form>
        </Modal>
      )}
    </>
  );
}
