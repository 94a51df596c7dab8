import {
  type Context,
  createContext,
  importLedger,
  type Locale,
  type MessageKey,
  message,
  pickLocale,
  type ReadLimits,
  readLedger,
  type SessionPolicy,
} from "@tracker/api";
import type { Database } from "@tracker/db";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** The largest ledger file accepted: a 10,000-row .xlsx is about 1 MB; this leaves room. */
export const LEDGER_UPLOAD_LIMIT = 25 * 1024 * 1024;

const FILE_TYPES = ["application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"];

/** What the route refuses with, by HTTP status: a key of the server catalog. */
const REFUSALS = {
  401: "unauthorized",
  403: "upload.adminOnly",
  400: "upload.notLedgerFile",
  413: "upload.tooLarge",
} as const satisfies Record<number, MessageKey>;

const localeOf = (req: FastifyRequest): Locale =>
  pickLocale((req.headers["x-locale"] as string | undefined) ?? req.headers["accept-language"]);

/**
 * POST /api/ledger/import?filename=…&dryRun=1 with the file as the body: the same import as the
 * `ledger.import` procedure, for the dashboard's progress bar. Admin only, by the session cookie,
 * checked in `onRequest`, before a byte of the body is read: an anonymous or non-admin upload is
 * refused (401/403) while it is still being sent, and never buffered. The file is then read in a
 * bounded worker (a file too big, too heavy or unreadable is 413/400 with a message that says what to
 * do); only then does the answer stream as NDJSON: lines of `{"progress":{"phase":"check","fraction":0.6}}`
 * while it works, then `{"result":{…}}` (or `{"error":"…"}`).
 */
export function registerLedgerRoutes(
  app: FastifyInstance,
  options: {
    db: Database;
    sessionPolicy: SessionPolicy;
    sessionCookie: string;
    now?: (() => Date) | undefined;
    readLimits?: ReadLimits | undefined;
  },
) {
  app.addContentTypeParser(FILE_TYPES, { parseAs: "buffer", bodyLimit: LEDGER_UPLOAD_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  // Who is uploading, found in onRequest and used by the handler.
  const uploaders = new WeakMap<FastifyRequest, Context & { user: NonNullable<Context["user"]> }>();
  const refuse = (req: FastifyRequest, reply: FastifyReply, code: keyof typeof REFUSALS) =>
    reply.code(code).send({ error: message(localeOf(req), REFUSALS[code], { maxMb: LEDGER_UPLOAD_LIMIT / 1024 / 1024 }) });

  app.post(
    "/api/ledger/import",
    {
      bodyLimit: LEDGER_UPLOAD_LIMIT,
      // onRequest runs before the content-type parser reads the body.
      onRequest: async (req, reply) => {
        const ctx = await createContext({
          db: options.db,
          clientIp: req.ip,
          locale: localeOf(req),
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
        if (!ctx.user) return refuse(req, reply, 401);
        if (ctx.user.role !== "admin") return refuse(req, reply, 403);
        const filename = (req.query as { filename?: string }).filename ?? "";
        if (!/\.(xlsx|csv)$/i.test(filename)) return refuse(req, reply, 400);
        uploaders.set(req, { ...ctx, user: ctx.user });
      },
      // Fastify's own refusals (a body over the limit, a content type it has no parser for) in the user's words.
      errorHandler: (error: FastifyError, req, reply) => {
        if (error.statusCode === 413) return refuse(req, reply, 413);
        if (error.statusCode === 415 || error.statusCode === 400) return refuse(req, reply, 400);
        throw error;
      },
    },
    async (req, reply) => {
      const ctx = uploaders.get(req);
      if (!ctx) return refuse(req, reply, 401);
      const locale = ctx.locale;
      const query = req.query as { filename?: string; dryRun?: string };
      const filename = (query.filename ?? "").slice(0, 200);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) return refuse(req, reply, 400);
      const fail = (error: unknown) => {
        req.log.error({ err: error, correlationId: ctx.correlationId }, "ledger import failed");
        return message(locale, "upload.failed", { id: ctx.correlationId });
      };

      let read: Awaited<ReturnType<typeof readLedger>>;
      try {
        read = await readLedger(req.body, filename, locale, options.readLimits);
      } catch (error) {
        return reply.code(500).send({ error: fail(error) });
      }
      if ("refused" in read) {
        req.log.warn(
          { correlationId: ctx.correlationId, refused: read.refused.kind, bytes: req.body.length },
          "ledger file refused",
        );
        return reply.code(read.refused.status).send({ error: read.refused.message });
      }

      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" });
      const send = (line: object) => reply.raw.write(`${JSON.stringify(line)}\n`);
      let last = 0;
      try {
        const result = await importLedger(options.db, req.body, {
          sheet: read.sheet,
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
          {
            correlationId: ctx.correlationId,
            ok: result.ok,
            rows: result.rows,
            created: result.created,
            updated: result.updated,
          },
          "ledger import",
        );
        send({ result });
      } catch (error) {
        send({ error: fail(error) });
      }
      reply.raw.end();
    },
  );
}
