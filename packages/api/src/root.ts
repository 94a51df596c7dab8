import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { dashboardRouter } from "./routers/dashboard";
import { fiveFixedRouter } from "./routers/five-fixed";
import { ledgerRouter } from "./routers/ledger";
import { meRouter } from "./routers/me";
import { milestonesRouter } from "./routers/milestones";
import { permitsRouter } from "./routers/permits";
import { problemsRouter } from "./routers/problems";
import { progressRouter } from "./routers/progress";
import { projectsRouter } from "./routers/projects";
import { referenceRouter } from "./routers/reference";
import { usersRouter } from "./routers/users";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  dashboard: dashboardRouter,
  projects: projectsRouter,
  permits: permitsRouter,
  milestones: milestonesRouter,
  progress: progressRouter,
  problems: problemsRouter,
  fiveFixed: fiveFixedRouter,
  me: meRouter,
  users: usersRouter,
  audit: auditRouter,
  reference: referenceRouter,
  ledger: ledgerRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process, as the tests do. */
export const createCaller = createCallerFactory(appRouter);
