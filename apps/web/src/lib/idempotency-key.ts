/**
 * A fresh idempotency key for one submission of a create form: a retry of the same submission (a
 * double click, a resend after a dropped connection) sends the same key, and the server creates one
 * record. Works without a secure context (plain http on a district LAN), where randomUUID is absent.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
