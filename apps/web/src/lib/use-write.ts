import { useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { useTranslation } from "../i18n";
import { errorCode, trpc } from "../trpc";

/**
 * What a write on a project (stage, problem, milestone, progress, permit) can change: the project and
 * the ledger, the dashboard's figures, the leader's work list and the audit log. Not the session, the
 * reference lists or the ledger template, which no such write touches.
 */
export const projectWriteTouches = () => [
  trpc.projects.pathFilter(),
  trpc.dashboard.pathFilter(),
  trpc.me.pathFilter(),
  trpc.audit.pathFilter(),
];

/**
 * What every form does after a write: confirm success and refresh what changed; on CONFLICT show
 * who changed it (the server's message) and offer to reload; any other refusal is shown as is. Only
 * the queries the write touches are refetched (`touches`, tRPC path filters).
 */
export function useWriteFeedback(touches = projectWriteTouches()) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const refresh = () => Promise.all(touches.map((filter) => queryClient.invalidateQueries(filter)));
  return {
    onSuccess: async () => {
      void message.success(t("me.saved"));
      await refresh();
    },
    onError: (error: { message: string }) => {
      if (errorCode(error) === "CONFLICT") {
        modal.confirm({
          title: t("me.conflictTitle"),
          content: error.message,
          okText: t("me.reload"),
          cancelText: t("forms.cancel"),
          onOk: refresh,
        });
      } else {
        void message.error(error.message);
      }
    },
  };
}

/** A dialog's mutation options: on success close it, confirm and refetch; on failure say why. */
export function useDialogWrite(close: () => void) {
  const feedback = useWriteFeedback();
  return {
    onSuccess: async () => {
      close();
      await feedback.onSuccess();
    },
    onError: feedback.onError,
  };
}
