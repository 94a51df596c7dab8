import { lazy, Suspense } from "react";
import { createBrowserRouter, Navigate, Outlet } from "react-router";
import { AppLayout } from "./components/app-layout";
import { PageSkeleton } from "./components/page-skeleton";
import { LoginPage } from "./features/auth/login-page";
import { useMe } from "./features/auth/use-me";
import { queryClient, trpc } from "./trpc";

const OverviewPage = lazy(() => import("./features/overview/overview-page"));
const RegisterPage = lazy(() => import("./features/projects/register-page"));
const ProjectPage = lazy(() => import("./features/projects/project-page"));
const MePage = lazy(() => import("./features/me/me-page"));
const AuditPage = lazy(() => import("./features/audit/audit-page"));
const ReportPage = lazy(() => import("./features/report/report-page"));

/** Pages behind sign-in: a visitor without a session goes to /login and comes back after. */
function RequireSession() {
  const me = useMe();
  if (me.isPending) return <PageSkeleton />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <AppLayout user={me.data}>
      <Suspense fallback={<PageSkeleton />}>
        <Outlet />
      </Suspense>
    </AppLayout>
  );
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
          // Not for the auditor, who may not read it and is sent on to the audit log.
          void queryClient.fetchQuery(trpc.auth.me.queryOptions()).then((me) => {
            if (me && me.role !== "auditor") void queryClient.prefetchQuery(trpc.dashboard.summary.queryOptions({}));
          });
          return null;
        },
      },
      { path: "/projects", element: <RegisterPage /> },
      { path: "/audit", element: <AuditPage /> },
      { path: "/report", element: <ReportPage /> },
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
