import { createContext, importLedger, pickLocale, type SessionPolicy } from "@tracker/api";
import type { Database } from "@tracker/db";
import type { FastifyInstance } from "fastify";

/** The largest ledger file accepted: a 10,000-row .xlsx is about 1 MB; this leaves room. */
export const LEDGER_UPLOAD_LIMIT = 25 * 1024 * 1024;

const FILE_TYPES = ["application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"];

const REFUSALS = {
  401: { "zh-CN": "请先登录", en: "Please sign in" },
  403: { "zh-CN": "只有系统管理员可以导入台账", en: "Only the system administrator can import the ledger" },
  400: { "zh-CN": "请上传 .xlsx 或 .csv 文件", en: "Upload an .xlsx or .csv file" },
  500: {
    "zh-CN": "导入失败（编号 {id}），数据库未作任何改动",
    en: "The import failed (reference {id}); the database is unchanged",
  },
} as const;

/**
 * POST /api/ledger/import?filename=…&dryRun=1 with the file as the body: the same import as the
 * `ledger.import` procedure, for the dashboard's progress bar. The answer streams as NDJSON: lines of
 * `{"progress":{"phase":"check","fraction":0.6}}` while it works, then `{"result":{…}}` (or
 * `{"error":"…"}`). Admin only, by the session cookie.
 */
export function registerLedgerRoutes(
  app: FastifyInstance,
  options: { db: Database; sessionPolicy: SessionPolicy; sessionCookie: string; now?: (() => Date) | undefined },
) {
  app.addContentTypeParser(FILE_TYPES, { parseAs: "buffer", bodyLimit: LEDGER_UPLOAD_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post("/api/ledger/import", { bodyLimit: LEDGER_UPLOAD_LIMIT }, async (req, reply) => {
    const locale = pickLocale((req.headers["x-locale"] as string | undefined) ?? req.headers["accept-language"]);
    const ctx = await createContext({
      db: options.db,
      clientIp: req.ip,
      locale,
      sessionPolicy: options.sessionPolicy,
      correlationId: String(req.id),
      log: req.log,
      ...(options.now ? { now: options.now } : {}),
      cookies: {
        get: () => req.cookies[options.sessionCookie],
        set: () => {},
        clear: () => void reply.clearCookie(options.sessionCookie, { path: "/" }),
      },
    });
    const refuse = (code: 400 | 401 | 403) => reply.code(code).send({ error: REFUSALS[code][locale] });
    if (!ctx.user) return refuse(401);
    if (ctx.user.role !== "admin") return refuse(403);
    const query = req.query as { filename?: string; dryRun?: string };
    const filename = (query.filename ?? "").slice(0, 200);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0 || !/\.(xlsx|csv)$/i.test(filename)) return refuse(400);

    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" });
    const send = (line: object) => reply.raw.write(`${JSON.stringify(line)}\n`);
    let last = 0;
    try {
      const result = await importLedger(options.db, req.body, {
        dryRun: query.dryRun === "1" || query.dryRun === "true",
        locale,
        today: ctx.today(),
        now: ctx.now(),
        filename,
        actor: { userId: ctx.user.id, role: ctx.user.role, clientIp: ctx.clientIp, correlationId: ctx.correlationId },
        onProgress: (phase, fraction) => {
          // At most ten lines a second.
          const t = Date.now();
          if (fraction < 1 && t - last < 100) return;
          last = t;
          send({ progress: { phase, fraction } });
        },
      });
      req.log.info(
        { correlationId: ctx.correlationId, ok: result.ok, rows: result.rows, created: result.created, updated: result.updated },
        "ledger import",
      );
      send({ result });
    } catch (error) {
      req.log.error({ err: error, correlationId: ctx.correlationId }, "ledger import failed");
      send({ error: REFUSALS[500][locale].replace("{id}", ctx.correlationId) });
    }
    reply.raw.end();
  });
}
