import { interpolate, type Locale, type Localized, type MessageParams } from "@tracker/domain";
import { en } from "./i18n/en";
import { zhCN } from "./i18n/zh-CN";

export type { Locale } from "@tracker/domain";

/** The server's catalogs (i18n/), one a language; the compiler keeps their keys and holes the same. */
const CATALOGS: Localized<Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type MessageKey = keyof typeof zhCN;

/** What a conflict or a missing row may be about: `entity.<name>` in the catalog. */
export type EntityName = MessageKey extends infer K ? (K extends `entity.${infer E}` ? E : never) : never;

/** The one way the server says something: the catalog's text for the key, its `{name}` holes filled. */
export function message(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return interpolate(CATALOGS[locale][key], params);
}

/** Picks the locale from an explicit choice or an Accept-Language header. */
export function pickLocale(header: string | undefined): Locale {
  if (!header) return "zh-CN";
  const first = header.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh-CN";
}
