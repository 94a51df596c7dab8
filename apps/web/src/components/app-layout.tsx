import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "antd";
import type { ReactNode } from "react";
import { useNavigate } from "react-router";
import { trpc } from "../trpc";

interface User {
  username: string;
  personName: string | null;
  roleLabel: { zh: string };
}

export function AppLayout({ user, children }: { user: User; children: ReactNode }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        navigate("/login", { replace: true });
      },
    }),
  );
  return (
    <>
      <header className="app-header">
        <span className="brand">驿城区招商引资项目跟踪平台</span>
        <span>
          <span className="who">
            {user.personName ?? user.username} · {user.roleLabel.zh}
          </span>
          <Button size="small" ghost onClick={() => logout.mutate()} loading={logout.isPending}>
            退出
          </Button>
        </span>
      </header>
      {children}
    </>
  );
}
