/**
 * The password rule government systems apply (MLPS 2.0 practice): at least 8 characters, with at
 * least 3 of the 4 classes — lower case, upper case, digits, other symbols; not a well-known password
 * and not built on the username. History (the last PASSWORD_HISTORY may not be reused) and expiry
 * are enforced by the API, which holds the hashes and the clock.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** A new password may not repeat any of this many earlier ones (the current one included). */
export const PASSWORD_HISTORY = 5;
/** Days a password lives by default; the server's PASSWORD_MAX_AGE_DAYS changes it (0: never expires). */
export const PASSWORD_MAX_AGE_DAYS = 90;

export type PasswordProblem = "too_short" | "too_long" | "too_few_classes" | "common" | "contains_username";

export function passwordClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * Passwords that pass the class rule and still top the leaked-password lists, in China and
 * elsewhere, compared after folding case and common digit/symbol substitutions.
 */
const COMMON_PASSWORDS = new Set(
  [
    "password1",
    "password1!",
    "password123",
    "p@ssw0rd",
    "p@ssword1",
    "passw0rd!",
    "admin@123",
    "admin123!",
    "admin@1234",
    "admin@2024",
    "admin@2025",
    "admin@2026",
    "aa123456",
    "aa123456!",
    "aa123456.",
    "aa111111",
    "abc@123",
    "abc@1234",
    "abc@123456",
    "abcd1234!",
    "abcd@1234",
    "qq123456",
    "qwer1234!",
    "qwer@1234",
    "qwe@123456",
    "qwerty1!",
    "qwerty123!",
    "asdf1234!",
    "zxcv1234!",
    "1qaz@wsx",
    "1qaz!qaz",
    "1qaz2wsx!",
    "!qaz2wsx",
    "zaq1@wsx",
    "root@123",
    "test@123",
    "test1234!",
    "welcome1!",
    "welcome@123",
    "changeme1!",
    "huawei@123",
    "woaini520!",
    "woaini1314!",
    "a123456!",
    "a1234567!",
    "a12345678.",
  ].map(fold),
);

/** Words that make any password guessable, whatever surrounds them. */
const COMMON_STEMS = ["password", "passwd", "qwerty", "123456", "12345678", "abcdef"];

function fold(password: string): string {
  return password.toLowerCase().replace(/@/g, "a").replace(/0/g, "o").replace(/\$/g, "s").replace(/!/g, "i");
}

export function checkPassword(password: string, context: { username?: string } = {}): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "too_short";
  if (password.length > PASSWORD_MAX_LENGTH) return "too_long";
  if (passwordClasses(password) < 3) return "too_few_classes";
  const folded = fold(password);
  if (COMMON_PASSWORDS.has(folded) || COMMON_STEMS.some((stem) => folded.includes(fold(stem)))) return "common";
  const username = context.username?.trim().toLowerCase() ?? "";
  if (username.length >= 3) {
    const lower = password.toLowerCase();
    if (lower.includes(username) || lower.includes([...username].reverse().join(""))) return "contains_username";
  }
  return null;
}

/** Whether a password set at `changedAt` has expired at `now` (maxAgeDays 0: never). */
export function passwordExpired(changedAt: Date, now: Date, maxAgeDays: number): boolean {
  return maxAgeDays > 0 && now.getTime() - changedAt.getTime() > maxAgeDays * 86_400_000;
}
