import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import { type AppRouter, appRouter, createContext, pickLocale, type ReadLimits, type SessionPolicy } from "@tracker/api";
import type { Database, DatabaseKind } from "@tracker/db";
import type { LoginThrottlePolicy } from "@tracker/db/queries";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyServerOptions } from "fastify";
import { registerHttpSecurity } from "./http-security";
import { registerLedgerRoutes } from "./ledger-route";
import { gateRequests, RequestGate } from "./request-gate";

export const SESSION_COOKIE = "tracker_session";

/** How long /healthz waits for the database before it answers 503. */
export const HEALTH_TIMEOUT_MS = 2_000;

/** API requests served at once on PGlite (one query at a time); the rest queue (see request-gate.ts). */
export const PGLITE_CONCURRENT_REQUESTS = 4;

export interface AppOptions {
  db: Database;
  dbKind: DatabaseKind;
  webDist: string | null;
  sessionPolicy: SessionPolicy;
  /** The server is behind TLS: the session cookie is Secure and the server's own origin is https://<Host>. */
  cookieSecure: boolean;
  /** Send Strict-Transport-Security. */
  hsts?: boolean;
  /** Origins besides the server's own whose pages may write (POST to /trpc and /api). */
  allowedOrigins?: readonly string[];
  logger: FastifyServerOptions["logger"];
  now?: () => Date;
  /** Sign-in limits, counted in the database (shared by every server). */
  loginThrottle?: LoginThrottlePolicy;
  passwordMaxAgeDays?: number;
  /** Fastify's `trustProxy`: which X-Forwarded-For hops give the client address (TRUST_PROXY). */
  trustProxy?: boolean | number | string[];
  /** API requests served at once; by default PGLITE_CONCURRENT_REQUESTS on PGlite, no limit on PostgreSQL (its pool queues). */
  maxConcurrentRequests?: number | null;
  /** Bounds on the worker that reads an uploaded ledger; LEDGER_READ_LIMITS by default. */
  ledgerReadLimits?: ReadLimits;
}

/**
 * The HTTP server: tRPC at /trpc, /healthz, and the dashboard as static files with SPA fallback,
 * behind the browser headers, no-store and the Origin and JSON-only rules of http-security.ts.
 */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger,
    // Batched tRPC GETs put every procedure name in the path.
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // A hop count believes that many proxies (Fastify's types take it as a function).
    trustProxy:
      typeof options.trustProxy === "number"
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(options.trustProxy)
        : (options.trustProxy ?? false),
  });
  await registerHttpSecurity(app, {
    hsts: options.hsts ?? false,
    behindTls: options.cookieSecure,
    allowedOrigins: options.allowedOrigins ?? [],
  });
  await app.register(fastifyCookie);
  const concurrency =
    options.maxConcurrentRequests !== undefined
      ? options.maxConcurrentRequests
      : options.dbKind === "pglite"
        ? PGLITE_CONCURRENT_REQUESTS
        : null;
  if (concurrency !== null) gateRequests(app, "/trpc", new RequestGate(concurrency));

  // A load balancer's probe: answered within HEALTH_TIMEOUT_MS, 503 while the database is away.
  app.get("/healthz", async (req, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        options.db.execute("select 1"),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
        }),
      ]);
      return { status: "ok", db: options.dbKind };
    } catch (error) {
      req.log.warn({ err: error }, "health check: database down");
      return reply.code(503).send({ status: "unavailable", db: options.dbKind, database: "down" });
    } finally {
      clearTimeout(timer);
    }
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req, res, info }) =>
        createContext({
          callsInRequest: info.calls.length,
          db: options.db,
          clientIp: req.ip,
          locale: pickLocale((req.headers["x-locale"] as string | undefined) ?? req.headers["accept-language"]),
          sessionPolicy: options.sessionPolicy,
          correlationId: String(req.id),
          log: req.log,
          ...(options.now ? { now: options.now } : {}),
          ...(options.loginThrottle ? { loginThrottle: options.loginThrottle } : {}),
          ...(options.passwordMaxAgeDays !== undefined ? { passwordMaxAgeDays: options.passwordMaxAgeDays } : {}),
          cookies: {
            get: () => req.cookies[SESSION_COOKIE],
            set: (token, maxAgeSeconds) =>
              void res.setCookie(SESSION_COOKIE, token, {
                httpOnly: true,
                sameSite: "strict",
                secure: options.cookieSecure,
                path: "/",
                maxAge: maxAgeSeconds,
              }),
            clear: () => void res.clearCookie(SESSION_COOKIE, { path: "/" }),
          },
        }),
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);

  registerLedgerRoutes(app, {
    db: options.db,
    sessionPolicy: options.sessionPolicy,
    sessionCookie: SESSION_COOKIE,
    now: options.now,
    readLimits: options.ledgerReadLimits,
  });

  if (options.webDist && existsSync(join(options.webDist, "index.html"))) {
    await app.register(fastifyStatic, {
      root: options.webDist,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside every script and stylesheet.
      preCompressed: true,
      maxAge: "1h",
      setHeaders: (res, path) => {
        // Hashed file names never change content: the browser may keep them for a year.
        if (/[\\/]assets[\\/]/.test(path)) res.header("cache-control", "public, max-age=31536000, immutable");
        // The page names the current build's files: always revalidated, so a new build is used at once.
        else if (path.endsWith("index.html")) res.header("cache-control", "no-cache");
      },
    });
    const sendIndex = (reply: { header: (k: string, v: string) => unknown; sendFile: (f: string) => unknown }) => {
      reply.header("cache-control", "no-cache");
      return reply.sendFile("index.html");
    };
    app.get("/", (_req, reply) => sendIndex(reply));
    // SPA fallback: any other GET for a page (not an asset or the API) gets index.html.
    app.setNotFoundHandler((req, reply) => {
      const path = req.url.split("?")[0] ?? "";
      if (req.method === "GET" && !path.startsWith("/trpc") && !path.startsWith("/assets/") && !/\.\w+$/.test(path)) {
        return sendIndex(reply);
      }
      return reply.code(404).send({ error: "Not Found" });
    });
  } else {
    app.get("/", async (_req, reply) =>
      reply.type("text/plain; charset=utf-8").send("The dashboard is not built: run `npm run build -w @tracker/web`."),
    );
  }
  return app;
}
