import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { Form } from "antd";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { trpc } from "../../trpc";

type Input = RouterInputs["problems"]["verify"];

/** `problems.verify`: the supervising leader (or leadership) confirms a resolved problem is solved. */
export function VerifyProblemDialog({
  problem,
  title,
  onClose,
}: {
  problem: Input & { description: string };
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, never>>();
  const verify = useMutation(trpc.problems.verify.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog
      title={title}
      intro={problem.description}
      form={form}
      pending={verify.isPending}
      onClose={onClose}
      onFinish={() => verify.mutate({ id: problem.id, version: problem.version })}
    >
      <p>{t("actions.verifyConfirm")}</p>
    </FormDialog>
  );
}
