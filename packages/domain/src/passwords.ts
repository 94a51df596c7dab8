/**
 * The password rule government systems apply (MLPS 2.0 practice): at least 8 characters, with at
 * least 3 of the 4 classes — lower case, upper case, digits, other symbols.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = "too_short" | "too_long" | "too_few_classes";

export function passwordClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

export function checkPassword(password: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "too_short";
  if (password.length > PASSWORD_MAX_LENGTH) return "too_long";
  if (passwordClasses(password) < 3) return "too_few_classes";
  return null;
}
