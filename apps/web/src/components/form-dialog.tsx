import { Form, type FormInstance, Modal } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "../i18n";

/** The frame every write's dialog shares: a modal around one form, submitted by its OK button. */
export function FormDialog<Values extends object>({
  title,
  form,
  pending,
  onClose,
  onFinish,
  initialValues,
  children,
}: {
  title: string;
  form: FormInstance<Values>;
  pending: boolean;
  onClose: () => void;
  onFinish: (values: Values) => void;
  initialValues?: Partial<Values>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={t("forms.submit")}
      cancelText={t("forms.cancel")}
      confirmLoading={pending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} preserve={false} initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
