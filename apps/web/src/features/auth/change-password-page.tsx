import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Form, Input } from "antd";
import { useNavigate } from "react-router";
import { useTranslation } from "../../i18n";
import { trpc } from "../../trpc";

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Changing one's own password. Shown in place of every page while the password is past its maximum
 * age (the server refuses everything else until then); otherwise reached from the header.
 */
export default function ChangePasswordPage({ expired, maxAgeDays }: { expired: boolean; maxAgeDays: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PasswordForm>();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async () => {
        form.resetFields();
        message.success(t("account.done"));
        await queryClient.invalidateQueries(trpc.auth.me.pathFilter());
        if (expired) navigate("/", { replace: true });
      },
    }),
  );
  return (
    <main className="page narrow-page">
      <h1>{expired ? t("account.expiredTitle") : t("account.changePassword")}</h1>
      {expired && (
        <Alert type="warning" showIcon title={t("account.expiredText", { days: maxAgeDays })} style={{ marginBottom: 16 }} />
      )}
      <p className="muted">{t("account.rule")}</p>
      <Form<PasswordForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={change.isPending}
        onFinish={({ currentPassword, newPassword }) => change.mutate({ currentPassword, newPassword })}
        style={{ maxWidth: 420 }}
      >
        <Form.Item
          label={t("account.current")}
          name="currentPassword"
          rules={[{ required: true, message: t("account.required") }]}
        >
          <Input.Password autoComplete="current-password" size="large" />
        </Form.Item>
        <Form.Item label={t("account.next")} name="newPassword" rules={[{ required: true, message: t("account.required") }]}>
          <Input.Password autoComplete="new-password" size="large" />
        </Form.Item>
        <Form.Item
          label={t("account.confirm")}
          name="confirm"
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: t("account.required") },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue("newPassword")
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("account.mismatch"))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" size="large" />
        </Form.Item>
        {change.error && <Alert type="error" showIcon title={change.error.message} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" size="large" loading={change.isPending} block>
          {t("account.submit")}
        </Button>
      </Form>
    </main>
  );
}
