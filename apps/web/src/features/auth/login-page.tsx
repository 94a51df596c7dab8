import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import { LanguageSwitch } from "../../components/language-switch";
import { useTranslation } from "../../i18n";
import { trpc } from "../../trpc";

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (user) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        const next = params.get("next");
        navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
      },
    }),
  );
  return (
    <main className="login-screen">
      <div className="login-box">
        <div style={{ display: "flex", justifyContent: "flex-end" }}>
          <LanguageSwitch />
        </div>
        <h1>{t("login.title")}</h1>
        <p className="muted" style={{ marginTop: 0 }}>
          {t("login.subtitle")}
        </p>
        <Form<LoginForm>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => login.mutate(values)}
          disabled={login.isPending}
        >
          <Form.Item
            label={t("login.username")}
            name="username"
            rules={[{ required: true, message: t("login.usernameRequired") }]}
          >
            <Input autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label={t("login.password")}
            name="password"
            rules={[{ required: true, message: t("login.passwordRequired") }]}
          >
            <Input.Password autoComplete="current-password" size="large" />
          </Form.Item>
          {login.error && <Alert type="error" showIcon title={login.error.message} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
            {t("login.submit")}
          </Button>
        </Form>
        <p className="muted" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
          {t("login.demo")}
        </p>
      </div>
    </main>
  );
}
