import { useMutation } from "@tanstack/react-query";
import type { PermitStatus } from "@tracker/domain";
import { Button, Form, Input, Modal, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "../../i18n";
import { useWriteFeedback } from "../../lib/use-write";
import { trpc } from "../../trpc";

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
            onFinish={(values: { certificateNo?: string; missingMaterials?: string[] }) =>
              dialog === "approve"
                ? move.mutate({ id, version, to: "approved", certificateNo: values.certificateNo ?? "" })
                : move.mutate({ id, version, to: "returned", missingMaterials: values.missingMaterials ?? [] })
            }
          >
            {dialog === "approve" ? (
              <Form.Item
                name="certificateNo"
                label={t("forms.certificateNo")}
                rules={[{ required: true, whitespace: true, message: t("forms.required") }, { max: 100 }]}
              >
                <Input maxLength={100} />
              </Form.Item>
            ) : (
              <Form.Item
                name="missingMaterials"
                label={t("forms.missingMaterials")}
                rules={[{ required: true, type: "array", min: 1, message: t("forms.required") }]}
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
