import fastifyHelmet from "@fastify/helmet";
import { type Locale, message, pickLocale } from "@tracker/api";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/*
 * The HTTP layer's defences, in the order a request meets them:
 * 1. browser headers on every answer (helmet): a strict Content-Security-Policy, no framing, no
 *    MIME sniffing, a referrer policy, HSTS when the server is behind TLS;
 * 2. `Cache-Control: no-store` on every API answer: they hold personal data;
 * 3. a write (POST …) to /trpc or /api/* whose Origin is not the server's own is refused (403), and
 *    a /trpc write whose body is not JSON (a form, text/plain) is refused (415) before it is read.
 *    Together with the SameSite=Strict session cookie this keeps other sites from writing on a
 *    signed-in user's behalf.
 */

/**
 * The dashboard's Content-Security-Policy. Scripts only from the server itself (Vite emits no inline
 * script). Styles also allow 'unsafe-inline': antd's CSS-in-JS inserts <style> elements at run time,
 * and it, rc-components and html2canvas-pro (the PDF report) write `style` attributes; a nonce would
 * need index.html templated per request and still would not cover style attributes. Inline styles
 * cannot run code. Images and fonts from data: and blob: URLs: icons, charts and the PDF's canvas.
 */
export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'", "blob:"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
} as const;

/** A year, as browsers expect for HSTS. */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

export interface HttpSecurityOptions {
  /** Send Strict-Transport-Security: only behind TLS, or the browser refuses plain HTTP for a year. */
  hsts: boolean;
  /** The server is reached over HTTPS (a TLS proxy in front): its own origin is https://<Host>. */
  behindTls: boolean;
  /** Other origins whose pages may write (e.g. a second host name); exact `scheme://host[:port]`. */
  allowedOrigins: readonly string[];
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function pathOf(req: FastifyRequest): string {
  return req.url.split("?")[0] ?? "";
}

function isApi(path: string): boolean {
  return path === "/trpc" || path.startsWith("/trpc/") || path.startsWith("/api/");
}

/** `scheme://host[:port]` of the server as the browser sees it, from the Host header. */
export function ownOrigin(req: FastifyRequest, behindTls: boolean): string | null {
  const host = req.headers.host;
  if (!host) return null;
  const tls = behindTls || Boolean((req.raw.socket as { encrypted?: boolean }).encrypted);
  return `${tls ? "https" : "http"}://${host.toLowerCase()}`;
}

/** The media type of a Content-Type header, without parameters, lower case; "" when there is none. */
function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

function refuse(req: FastifyRequest, reply: FastifyReply, status: 403 | 415, text: string) {
  const path = pathOf(req);
  // The tRPC client reads tRPC's error shape; the plain routes answer `{ error }` (as the ledger upload does).
  const body = path.startsWith("/api/")
    ? { error: text }
    : {
        error: {
          message: text,
          code: status === 403 ? -32003 : -32600,
          data: {
            code: status === 403 ? "FORBIDDEN" : "UNSUPPORTED_MEDIA_TYPE",
            httpStatus: status,
            path: null,
            correlationId: String(req.id),
            fieldErrors: null,
          },
        },
      };
  req.log.info(
    { correlationId: String(req.id), origin: req.headers.origin, contentType: req.headers["content-type"], status },
    "request refused",
  );
  return reply.code(status).header("cache-control", "no-store").send(body);
}

export async function registerHttpSecurity(app: FastifyInstance, options: HttpSecurityOptions) {
  // 1. Browser headers --------------------------------------------------------------------------------
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    xFrameOptions: { action: "deny" },
    // Not no-referrer: with it, browsers send `Origin: null` on same-origin POSTs, which the Origin rule refuses.
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    strictTransportSecurity: options.hsts ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  });

  const allowed = new Set(options.allowedOrigins.map((o) => o.toLowerCase()));
  app.addHook("onRequest", async (req, reply) => {
    const path = pathOf(req);
    if (!isApi(path)) return;
    // 2. Personal data: never kept by the browser or a proxy.
    reply.header("cache-control", "no-store");
    if (!WRITE_METHODS.has(req.method)) return;
    const locale: Locale = pickLocale((req.headers["x-locale"] as string | undefined) ?? req.headers["accept-language"]);

    // 3a. Origin: browsers send it on every cross-origin request and on same-origin POSTs; a
    // script or CLI without one is no browser acting for a signed-in user.
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const own = ownOrigin(req, options.behindTls);
      const ok = origin.toLowerCase() === own || allowed.has(origin.toLowerCase());
      if (!ok) return refuse(req, reply, 403, message(locale, "crossOriginRefused", { origin }));
    }

    // 3b. tRPC takes JSON only: a form (urlencoded, multipart) or text/plain needs no CORS preflight.
    if (!path.startsWith("/api/") && mediaType(req.headers["content-type"]) !== "application/json") {
      return refuse(req, reply, 415, message(locale, "jsonOnly"));
    }
  });
}
