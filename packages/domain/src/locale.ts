/** The user's language: zh-CN by default, English on request. */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** A text (or any value) in every language the tracker speaks: the one shape of a label or message. */
export type Localized<T = string> = Record<Locale, T>;

/** The values a message's `{name}` holes are filled with. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The names of a template's `{name}` holes, as a union: `Placeholders<"{a} of {b}">` is `"a" | "b"`. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The one interpolator: fills each `{name}` hole with its value; a hole with no value stays as written. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (hole, name: string) => (name in params ? String(params[name]) : hole));
}
