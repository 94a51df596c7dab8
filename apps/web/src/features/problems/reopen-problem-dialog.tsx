import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { Form } from "antd";
import { FormDialog } from "../../components/form-dialog";
import { ReasonField } from "../../components/reason-field";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { trpc } from "../../trpc";

type Input = RouterInputs["problems"]["reopen"];
type Values = Pick<Input, "reason">;

/** `problems.reopen`: opens a resolved or verified problem again, saying why. */
export function ReopenProblemDialog({
  problem,
  title,
  onClose,
}: {
  problem: Pick<Input, "id" | "version"> & { description: string };
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const reopen = useMutation(trpc.problems.reopen.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog<Values>
      title={title}
      intro={problem.description}
      form={form}
      pending={reopen.isPending}
      onClose={onClose}
      onFinish={(v) => reopen.mutate({ id: problem.id, version: problem.version, reason: v.reason })}
    >
      <ReasonField label={t("forms.reason")} />
    </FormDialog>
  );
}
