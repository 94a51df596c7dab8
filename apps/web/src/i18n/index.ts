import type { Locale, Localized } from "@tracker/domain";
import i18next from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import { en } from "./en";
import { zhCN } from "./zh-CN";

export type { Catalog } from "./catalog";

export type Language = Locale;
const STORAGE_KEY = "tracker.language";

/** English when asked for, else Chinese. */
const asLanguage = (code: string | null | undefined): Language => (code === "en" ? "en" : "zh-CN");

function initialLanguage(): Language {
  try {
    return asLanguage(localStorage.getItem(STORAGE_KEY));
  } catch {
    return "zh-CN";
  }
}

void i18next.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: "zh-CN",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLanguage(): Language {
  return asLanguage(i18next.language);
}

export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** Picks the label in the current language from the domain's `Localized` tables. */
export function useLabel() {
  const { i18n } = useTranslation();
  const language = asLanguage(i18n.language);
  return (label: Localized) => label[language];
}

export { useTranslation };
export default i18next;
