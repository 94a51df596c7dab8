import { QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { useTranslation } from "./i18n";
import { router } from "./router";
import { queryClient } from "./trpc";
import "./styles.css";

/** antd, dayjs and the page's lang attribute follow the chosen language. */
function Localized() {
  const { i18n } = useTranslation();
  const english = i18n.language === "en";
  useEffect(() => {
    dayjs.locale(english ? "en" : "zh-cn");
    document.documentElement.lang = english ? "en" : "zh-CN";
  }, [english]);
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      theme={{
        // Placeholder and secondary text dark enough for WCAG AA contrast on white.
        token: {
          colorPrimary: "#b71c1c",
          colorLink: "#1d4ed8",
          borderRadius: 6,
          colorTextPlaceholder: "#6b7280",
          colorTextDescription: "#4b5563",
          colorTextTertiary: "#6b7280",
          colorTextQuaternary: "#6b7280",
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Localized />
  </StrictMode>,
);
