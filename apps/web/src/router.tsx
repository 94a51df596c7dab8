import { lazy, Suspense } from "react";
import { createBrowserRouter, Navigate, Outlet } from "react-router";
import { AppLayout } from "./components/app-layout";
import { PageSkeleton } from "./components/page-skeleton";
import { LoginPage } from "./features/auth/login-page";
import { useMe } from "./session/use-me";
import { queryClient, trpc } from "./trpc";

const loadOverview = () => import("./features/overview/overview-page");
const OverviewPage = lazy(loadOverview);

/** The role of the last user on this browser: a hint to start the right requests before auth.me answers. */
const ROLE_HINT = "tracker.roleHint";
function roleHint(): string | null {
  try {
    return localStorage.getItem(ROLE_HINT);
  } catch {
    return null;
  }
}
function rememberRole(role: string | undefined) {
  try {
    if (role) localStorage.setItem(ROLE_HINT, role);
  } catch {
    // Private mode: no hint next time.
  }
}
const RegisterPage = lazy(() => import("./features/projects/register-page"));
const ProjectPage = lazy(() => import("./features/projects/project-page"));
const MePage = lazy(() => import("./features/me/me-page"));
const AuditPage = lazy(() => import("./features/audit/audit-page"));
const ImportPage = lazy(() => import("./features/import/import-page"));
const ReportPage = lazy(() => import("./features/report/report-page"));
const ChangePasswordPage = lazy(() => import("./features/auth/change-password-page"));

/** Pages behind sign-in: a visitor without a session goes to /login and comes back after. */
function RequireSession() {
  const me = useMe();
  if (me.isPending) return <PageSkeleton />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <AppLayout user={me.data}>
      <Suspense fallback={<PageSkeleton />}>
        {/* The server refuses everything but a password change until then. */}
        {me.data.passwordExpired ? <ChangePasswordPage expired maxAgeDays={me.data.passwordMaxAgeDays} /> : <Outlet />}
      </Suspense>
    </AppLayout>
  );
}

function ChangePasswordRoute() {
  const me = useMe();
  return <ChangePasswordPage expired={false} maxAgeDays={me.data?.passwordMaxAgeDays ?? 0} />;
}

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        path: "/",
        element: <OverviewPage />,
        // Start the data request with the route, in parallel with the page's code.
        loader: () => {
          // The page's code, the session and the figures all at once, not one after the other.
          void loadOverview();
          // The session, from the cache when it is there (every visit to the overview runs this).
          const me = queryClient.ensureQueryData(trpc.auth.me.queryOptions());
          const summary = () => void queryClient.prefetchQuery(trpc.dashboard.summary.queryOptions({}));
          // Not for the auditor, who may not read the figures and is sent on to the audit log. The
          // signed-in user's role when known (after sign-in), else the last role on this browser.
          const hint = queryClient.getQueryData(trpc.auth.me.queryKey())?.role ?? roleHint();
          if (hint && hint !== "auditor") summary();
          void me.then((user) => {
            rememberRole(user?.role);
            if (!hint && user && user.role !== "auditor") summary();
          });
          return null;
        },
      },
      { path: "/projects", element: <RegisterPage /> },
      { path: "/audit", element: <AuditPage /> },
      { path: "/import", element: <ImportPage /> },
      { path: "/report", element: <ReportPage /> },
      { path: "/account/password", element: <ChangePasswordRoute /> },
      {
        path: "/me",
        element: <MePage />,
        loader: () => {
          void queryClient.prefetchQuery(trpc.me.work.queryOptions());
          return null;
        },
      },
      {
        path: "/projects/:id",
        element: <ProjectPage />,
        loader: ({ params }) => {
          const id = Number(params.id);
          if (Number.isInteger(id) && id > 0) void queryClient.prefetchQuery(trpc.projects.get.queryOptions({ id }));
          return null;
        },
      },
      { path: "*", element: <Navigate to="/" replace /> },
    ],
  },
]);
