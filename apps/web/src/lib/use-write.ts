import { useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { useTranslation } from "../i18n";
import { errorCode } from "../trpc";

/**
 * What every form does after a write: confirm success and refresh what changed; on CONFLICT show
 * who changed it (the server's message) and offer to reload; any other refusal is shown as is.
 */
export function useWriteFeedback() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  return {
    onSuccess: async () => {
      void message.success(t("me.saved"));
      await queryClient.invalidateQueries();
    },
    onError: (error: { message: string }) => {
      if (errorCode(error) === "CONFLICT") {
        modal.confirm({
          title: t("me.conflictTitle"),
          content: error.message,
          okText: t("me.reload"),
          cancelText: t("forms.cancel"),
          onOk: () => queryClient.invalidateQueries(),
        });
      } else {
        void message.error(error.message);
      }
    },
  };
}
