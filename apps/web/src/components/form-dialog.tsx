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
  onValuesChange,
  intro,
  children,
}: {
  title: string;
  form: FormInstance<Values>;
  pending: boolean;
  onClose: () => void;
  onFinish: (values: Values) => void;
  initialValues?: Partial<Values>;
  onValuesChange?: (changed: Partial<Values>, all: Values) => void;
  /** A line above the form: what the write is about (e.g. the problem's description). */
  intro?: ReactNode;
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
      {intro && <p className="muted">{intro}</p>}
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        preserve={false}
        initialValues={initialValues}
        onValuesChange={onValuesChange}
      >
        {children}
      </Form>
    </Modal>
  );
}
