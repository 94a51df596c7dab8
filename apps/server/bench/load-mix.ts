/**
 * The request mix of `npm run bench:load`, against a running server: what the dashboard's users do,
 * sent by autocannon over keep-alive connections.
 *
 *   overview 30% — the overview's four figures in one batched GET, as the browser's httpBatchLink sends them
 *   register 35% — projects.list with filters, sorts and pages
 *   detail   30% — projects.get of varying projects
 *   writes    5% — progress-report corrections by the demo person in charge on their own projects
 *
 * Reads come from four demo users in turn (leadership, leader, owner, staff). Writes send the version
 * last read for the report, and a report is never written by two connections at once, so a CONFLICT
 * would be a defect, not a collision, and counts as an error.
 */
import autocannon from "autocannon";
import { SESSION_COOKIE } from "../src/app";

export type RequestKind = "overview" | "register" | "detail" | "write";
const READERS = ["leadership", "leader", "owner", "unit_staff"] as const;
const USERNAMES = { leadership: "leadership", leader: "leader", owner: "owner", unit_staff: "staff" } as const;
const STAGES = ["negotiation", "permits", "land", "construction", "hiring", "operating"] as const;
const SORTS = ["code", "name", "investorName", "totalInvestmentWan", "signedDate", "deadline"] as const;

interface ReportTarget {
  projectId: number;
  period: string;
  investmentWan: number;
  physicalPercent: number;
  version: number;
  busy: boolean;
  writes: number;
}

export interface Mix {
  cookies: Record<(typeof READERS)[number], string>;
  projectIds: number[];
  reports: ReportTarget[];
}

/** Signs a demo user in once (sign-ins are rate-limited per address) and returns the session cookie. */
export async function signIn(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "Demo@2026" }),
  });
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!res.ok || !token) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  return `${SESSION_COOKIE}=${token}`;
}

async function query<T>(baseUrl: string, cookie: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/** Signs the readers in and reads what the mix needs: every project id, and the person in charge's reports. */
export async function prepareMix(baseUrl: string): Promise<Mix> {
  const cookies = Object.fromEntries(
    await Promise.all(READERS.map(async (role) => [role, await signIn(baseUrl, USERNAMES[role])] as const)),
  ) as Mix["cookies"];
  const projectIds: number[] = [];
  for (let page = 1; ; page++) {
    const list = await query<{ items: { id: number }[]; total: number }>(baseUrl, cookies.leadership, "projects.list", {
      page,
      pageSize: 200,
    });
    projectIds.push(...list.items.map((p) => p.id));
    if (projectIds.length >= list.total || list.items.length === 0) break;
  }
  const work = await query<{ projects: { id: number }[] }>(baseUrl, cookies.owner, "me.work", undefined);
  const reports: ReportTarget[] = [];
  for (const { id } of work.projects) {
    const project = await query<{
      progressReports: { period: string; investmentWan: number; physicalPercent: number; version: number }[];
    }>(baseUrl, cookies.owner, "projects.get", { id });
    for (const r of project.progressReports) {
      reports.push({
        projectId: id,
        period: r.period.slice(0, 7),
        investmentWan: r.investmentWan,
        physicalPercent: r.physicalPercent,
        version: r.version,
        busy: false,
        writes: 0,
      });
    }
  }
  if (reports.length < 10) throw new Error(`the person in charge has only ${reports.length} reports to correct`);
  return { cookies, projectIds, reports };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const trpcGet = (path: string, input: unknown) => `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
const OVERVIEW = ["dashboard.summary", "dashboard.investmentByMonth", "dashboard.overdue", "dashboard.leagues"];
const OVERVIEW_PATH = `/trpc/${OVERVIEW.join(",")}?batch=1&input=${encodeURIComponent(
  JSON.stringify(Object.fromEntries(OVERVIEW.map((_, i) => [String(i), {}]))),
)}`;

function registerInput(): Record<string, unknown> {
  const input: Record<string, unknown> = { page: 1 + Math.floor(Math.random() * 3), pageSize: pick([20, 20, 50]) };
  const r = Math.random();
  if (r < 0.3) input.stage = pick(STAGES);
  else if (r < 0.45) input.key = true;
  else if (r < 0.55) input.overdue = true;
  else if (r < 0.65) input.q = pick(["华", "工业", "hjzz", "商城"]);
  if (Math.random() < 0.5) input.sort = { by: pick(SORTS), dir: pick(["asc", "desc"]) };
  return input;
}

/** A report no connection is writing, from a random place in the list; none when all are busy. */
function freeReport(reports: ReportTarget[]): ReportTarget | undefined {
  const start = Math.floor(Math.random() * reports.length);
  for (let i = 0; i < reports.length; i++) {
    const report = reports[(start + i) % reports.length]!;
    if (!report.busy) return report;
  }
  return undefined;
}

interface Context {
  kind?: RequestKind;
  sentAt?: number;
  report?: ReportTarget;
}

export interface KindStats {
  count: number;
  /** Non-2xx, or a batch with an error inside (a batch answers 207 when only some calls fail). */
  errors: number;
  latencies: number[];
  /** Status codes of the errors and a sample body. */
  statuses: Record<string, number>;
  sample?: string;
}

export interface LoadResult {
  autocannon: autocannon.Result;
  byKind: Record<RequestKind, KindStats>;
}

/** The mix for `connections` connections over `seconds`; writes are `writeShare` of requests. */
export async function runMix(
  baseUrl: string,
  mix: Mix,
  options: { connections: number; seconds: number; writeShare?: number },
): Promise<LoadResult> {
  const writeShare = options.writeShare ?? 0.05;
  const byKind = Object.fromEntries(
    (["overview", "register", "detail", "write"] as const).map((k) => [k, { count: 0, errors: 0, latencies: [], statuses: {} }]),
  ) as unknown as Record<RequestKind, KindStats>;
  let readerTurn = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (request, raw) => {
          const context = raw as Context;
          context.sentAt = performance.now();
          const r = Math.random();
          const cookie = mix.cookies[READERS[readerTurn++ % READERS.length]!];
          const free = r < writeShare ? freeReport(mix.reports) : undefined;
          if (free) {
            free.busy = true;
            context.kind = "write";
            context.report = free;
            return {
              ...request,
              method: "POST",
              path: "/trpc/progress.submit",
              headers: { cookie: mix.cookies.owner, "content-type": "application/json" },
              body: JSON.stringify({
                projectId: free.projectId,
                period: free.period,
                investmentWan: free.investmentWan,
                physicalPercent: free.physicalPercent,
                narrative: `负载测试更正 ${++free.writes}`,
                version: free.version,
              }),
            };
          }
          const read = (r - writeShare) / (1 - writeShare);
          context.kind = read < 0.3 ? "overview" : read < 0.65 ? "register" : "detail";
          const path =
            context.kind === "overview"
              ? OVERVIEW_PATH
              : context.kind === "register"
                ? trpcGet("projects.list", registerInput())
                : trpcGet("projects.get", { id: pick(mix.projectIds) });
          return { ...request, method: "GET", path, headers: { cookie }, body: undefined };
        },
        onResponse: (status, body, raw) => {
          const context = raw as Context;
          const stats = byKind[context.kind ?? "detail"];
          stats.count++;
          if (context.sentAt !== undefined) stats.latencies.push(performance.now() - context.sentAt);
          const failed = status < 200 || status > 299 || (context.kind === "overview" && body.includes('"error"'));
          if (failed) {
            stats.errors++;
            stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
            stats.sample ??= body.slice(0, 300);
          }
          if (context.report) {
            if (!failed)
              context.report.version = (
                JSON.parse(body) as { result: { data: { report: { version: number } } } }
              ).result.data.report.version;
            context.report.busy = false;
          }
        },
      },
    ],
  });
  return { autocannon: result, byKind };
}

/** The thin baseline: GET /healthz (HTTP and one `select 1`), same connections, same server. */
export function runBaseline(baseUrl: string, options: { connections: number; seconds: number }): Promise<autocannon.Result> {
  return autocannon({ url: `${baseUrl}/healthz`, connections: options.connections, duration: options.seconds, timeout: 10 });
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
