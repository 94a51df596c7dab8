import { Segmented } from "antd";
import { type Language, setLanguage, useTranslation } from "../i18n";

/** 中文 / English: every string, number and date follows. */
export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t("nav.language")}
      value={i18n.language === "en" ? "en" : "zh-CN"}
      onChange={(language) => void setLanguage(language)}
      options={[
        { value: "zh-CN", label: "中文" },
        { value: "en", label: "EN" },
      ]}
      style={dark ? { background: "rgb(255 255 255 / 15%)", color: "#fff" } : undefined}
    />
  );
}
