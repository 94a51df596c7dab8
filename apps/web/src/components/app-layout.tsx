import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Localized } from "@tracker/domain";
import { Button } from "antd";
import type { ReactNode } from "react";
import { NavLink, useNavigate } from "react-router";
import { useLabel, useTranslation } from "../i18n";
import { isDistrictReader } from "../session/district-reader";
import { trpc } from "../trpc";
import { LanguageSwitch } from "./language-switch";

interface User {
  username: string;
  role: string;
  personName: string | null;
  roleLabel: Localized;
}

export function AppLayout({ user, children }: { user: User; children: ReactNode }) {
  const { t } = useTranslation();
  const label = useLabel();
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
  // The auditor reads the audit log and nothing else (DESIGN.md §4).
  const links =
    user.role === "auditor"
      ? [{ to: "/audit", label: t("nav.audit"), end: true }]
      : [
          { to: "/", label: t("nav.overview"), end: true },
          { to: "/projects", label: t("nav.projects"), end: false },
          ...(isDistrictReader(user.role) ? [{ to: "/report", label: t("report.nav"), end: true }] : []),
          { to: "/me", label: t("nav.me"), end: true },
          ...(user.role === "admin" ? [{ to: "/import", label: t("nav.import"), end: true }] : []),
        ];
  return (
    <>
      <header className="app-header">
        <nav aria-label={t("app.short")} className="app-nav">
          <span className="brand">{t("app.title")}</span>
          {links.map((l) => (
            <NavLink key={l.to} to={l.to} end={l.end} className={({ isActive }) => `nav-link${isActive ? " active" : ""}`}>
              {l.label}
            </NavLink>
          ))}
        </nav>
        <span style={{ display: "flex", alignItems: "center", gap: 12 }}>
          <LanguageSwitch dark />
          <NavLink to="/account/password" className="who" title={t("account.changePassword")}>
            {user.personName ?? user.username} · {label(user.roleLabel)}
          </NavLink>
          <Button size="small" ghost onClick={() => logout.mutate()} loading={logout.isPending}>
            {t("common.logout")}
          </Button>
        </span>
      </header>
      {children}
    </>
  );
}
