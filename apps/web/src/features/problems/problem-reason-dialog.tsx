import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { Form } from "antd";
import { FormDialog } from "../../components/form-dialog";
import { ReasonField } from "../../components/reason-field";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { trpc } from "../../trpc";

/** The problem writes whose whole input is the problem, its version and a written reason. */
type ReasonWrite = "escalate" | "reopen";
type Input = RouterInputs["problems"][ReasonWrite];
type Values = Pick<Input, "reason">;

/**
 * `problems.escalate` (one level up: unit → working group → district) and `problems.reopen` (a
 * resolved or verified problem again): the same form, a reason, for two writes.
 */
export function ProblemReasonDialog({
  write,
  problem,
  title,
  onClose,
}: {
  write: ReasonWrite;
  problem: Pick<Input, "id" | "version"> & { description: string };
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const options = useDialogWrite(onClose);
  const escalate = useMutation(trpc.problems.escalate.mutationOptions(options));
  const reopen = useMutation(trpc.problems.reopen.mutationOptions(options));
  const mutation = write === "escalate" ? escalate : reopen;
  return (
    <FormDialog<Values>
      title={title}
      intro={problem.description}
      form={form}
      pending={mutation.isPending}
      onClose={onClose}
      onFinish={(v) => mutation.mutate({ id: problem.id, version: problem.version, reason: v.reason })}
    >
      <ReasonField label={t("forms.reason")} />
    </FormDialog>
  );
}
