import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

const flag = z.enum(["1", "0", "true", "false", "yes", "no"]).transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  PGLITE_DIR: z.string().min(1).default(`${repoRoot}.data/pglite`),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Seed the demo district when the database is empty. */
  SEED_DEMO: flag.default(true),
  /** Send the session cookie over HTTPS only (set behind TLS); the server's own origin is then https://<Host>. */
  COOKIE_SECURE: flag.default(false),
  /** Send Strict-Transport-Security (a year): only when the server is reached over HTTPS alone. */
  HSTS: flag.default(false),
  /** Origins besides the server's own whose pages may write, comma-separated: `https://tracker.example.cn`. */
  ALLOWED_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^https?:\/\/([a-zA-Z0-9.-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/,
            "must be origins like https://tracker.example.cn, comma-separated",
          ),
      ),
    )
    .default([]),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  /** Sign-in attempts allowed per client address in LOGIN_WINDOW_MINUTES. */
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(20),
  LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(5),
  /** Failed sign-ins in a row that lock an account (from one address), and for how long. */
  LOCKOUT_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Days a password lives before its owner must change it; 0: never expires. */
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  /**
   * Behind a reverse proxy: which X-Forwarded-For hops to believe for the client address (Fastify's
   * `trustProxy`). `false` (default): the socket address; `true`: any proxy; a number: that many
   * hops; otherwise a comma-separated list of proxy addresses or CIDR ranges (e.g. `127.0.0.1,10.0.0.0/8`).
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(true|false|yes|no|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/,
      "must be true, false, a hop count or a list of addresses/CIDRs",
    )
    .default("false")
    .transform((v): boolean | number | string[] =>
      v === "true" || v === "yes" ? true : v === "false" || v === "no" ? false : /^\d+$/.test(v) ? Number(v) : v.split(/\s*,\s*/),
    ),
  /** The built dashboard to serve. */
  WEB_DIST: z.string().default(`${repoRoot}apps/web/dist`),
  /** Where `npm run backup` writes by default, and where scheduled backups go. */
  BACKUP_DIR: z.string().min(1).default(`${repoRoot}.data/backups`),
  /** Minutes between the server's scheduled backups; 0 (the default) takes none. */
  BACKUP_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(0),
  /** Scheduled backups kept in BACKUP_DIR; the oldest beyond this are deleted. */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  /**
   * Minutes between the database's housekeeping (the kept dashboard figures folded, one server of
   * those sharing the database doing it); 0 turns it off.
   */
  MAINTENANCE_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(10),
  /** Set by npm: the directory `npm run …` was started from. Relative paths are taken from there. */
  INIT_CWD: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads and checks the environment once; a bad value becomes one line saying what to fix. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  const env = parsed.data;
  const base = invocationDir(env);
  return {
    ...env,
    PGLITE_DIR: env.PGLITE_DIR.startsWith("memory://") ? env.PGLITE_DIR : resolve(base, env.PGLITE_DIR),
    BACKUP_DIR: resolve(base, env.BACKUP_DIR),
  };
}

/**
 * The directory relative paths are taken from: where the user ran `npm run …`, not the workspace
 * npm switches to (`npm run backup -- --out x` means `./x` where the user stands).
 */
export function invocationDir(env: Env): string {
  return env.INIT_CWD && isAbsolute(env.INIT_CWD) ? env.INIT_CWD : process.cwd();
}
