import i18next from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import { en } from "./en";
import { zhCN } from "./zh-CN";

export type { Catalog } from "./catalog";

export type Language = "zh-CN" | "en";
const STORAGE_KEY = "tracker.language";

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh-CN";
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
  return i18next.language === "en" ? "en" : "zh-CN";
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

/** Picks the label in the current language from the domain's `{ zh, en }` pairs. */
export function useLabel() {
  const { i18n } = useTranslation();
  return (label: { zh: string; en: string }) => (i18n.language === "en" ? label.en : label.zh);
}

export { useTranslation };
export default i18next;
