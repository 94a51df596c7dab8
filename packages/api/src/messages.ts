/** The user's language: zh-CN by default, English on request. */
export type Locale = "zh-CN" | "en";

/** Messages a user may see in an error, in both languages. */
export const MESSAGES = {
  unauthorized: { "zh-CN": "请先登录", en: "Please sign in" },
  sessionExpired: { "zh-CN": "登录已过期，请重新登录", en: "Your session has expired; please sign in again" },
  forbidden: { "zh-CN": "您的角色无权执行此操作", en: "Your role may not do this" },
  projectNotFound: { "zh-CN": "项目不存在", en: "No such project" },
  badCredentials: { "zh-CN": "用户名或密码错误", en: "Wrong username or password" },
  accountLocked: {
    "zh-CN": "连续登录失败次数过多，账号已锁定，请{minutes}分钟后再试",
    en: "Too many failed sign-ins: the account is locked; try again in {minutes} minutes",
  },
  invalidInput: { "zh-CN": "输入有误，请检查标注的字段", en: "Some fields are not valid; please check them" },
  internal: {
    "zh-CN": "服务器内部错误，请稍后重试（错误编号 {id}）",
    en: "Something went wrong on the server; please retry (error {id})",
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function message(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Picks the locale from an explicit choice or an Accept-Language header. */
export function pickLocale(header: string | undefined): Locale {
  if (!header) return "zh-CN";
  const first = header.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh-CN";
}
