import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import { trpc } from "../../trpc";

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
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
        <h1>招商引资项目跟踪平台</h1>
        <p className="muted" style={{ marginTop: 0 }}>
          驿城区 · 五定责任 · 限时办结
        </p>
        <Form<LoginForm>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => login.mutate(values)}
          disabled={login.isPending}
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: "请输入用户名" }]}>
            <Input autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
            <Input.Password autoComplete="current-password" size="large" />
          </Form.Item>
          {login.error && <Alert type="error" showIcon title={login.error.message} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
            登录
          </Button>
        </Form>
        <p className="muted" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
          演示账号：leadership、leader、owner、staff、investor、admin、auditor，密码 Demo@2026
        </p>
      </div>
    </main>
  );
}
