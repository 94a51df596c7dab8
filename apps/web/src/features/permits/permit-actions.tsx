import { useMutation } from "@tanstack/react-query";
import type { PermitStatus } from "@tracker/domain";
import { Button, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "../../i18n";
import { useWriteFeedback } from "../../lib/use-write";
import { trpc } from "../../trpc";
import { MovePermitDialog } from "./move-permit-dialog";

export interface ActionablePermit {
  id: number;
  version: number;
  status: PermitStatus;
  name: string;
}

/**
 * The moves a window clerk of the issuing unit makes on one permit: accept (the statutory clock
 * starts) and review at one click; approve with the certificate number or return with every missing
 * material listed once (一次性告知) in the move's dialog.
 */
export function PermitActions({ permit }: { permit: ActionablePermit }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<"approved" | "returned" | null>(null);
  const move = useMutation(trpc.permits.move.mutationOptions(useWriteFeedback()));
  const { id, version, status } = permit;
  const onTheClock = status === "submitted" || status === "in_review";
  const close = () => setDialog(null);
  return (
    <>
      <Space size="small" wrap>
        {(status === "not_started" || status === "returned") && (
          <Button size="small" onClick={() => move.mutate({ id, version, to: "submitted" })} loading={move.isPending}>
            {t("me.accept")}
          </Button>
        )}
        {status === "submitted" && (
          <Button size="small" onClick={() => move.mutate({ id, version, to: "in_review" })} loading={move.isPending}>
            {t("me.review")}
          </Button>
        )}
        {onTheClock && (
          <>
            <Button size="small" type="primary" onClick={() => setDialog("approved")}>
              {t("me.approve")}
            </Button>
            <Button size="small" danger onClick={() => setDialog("returned")}>
              {t("me.return")}
            </Button>
          </>
        )}
      </Space>
      {dialog && <MovePermitDialog permit={permit} to={dialog} onClose={close} />}
    </>
  );
}
