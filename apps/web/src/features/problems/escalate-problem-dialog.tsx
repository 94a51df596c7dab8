import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { Form } from "antd";
import { FormDialog } from "../../components/form-dialog";
import { ReasonField } from "../../components/reason-field";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { trpc } from "../../trpc";

type Input = RouterInputs["problems"]["escalate"];
type Values = Pick<Input, "reason">;

/** `problems.escalate`: takes a problem one level up (unit → working group → district), saying why. */
export function EscalateProblemDialog({
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
  const escalate = useMutation(trpc.problems.escalate.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog<Values>
      title={title}
      intro={problem.description}
      form={form}
      pending={escalate.isPending}
      onClose={onClose}
      onFinish={(v) => escalate.mutate({ id: problem.id, version: problem.version, reason: v.reason })}
    >
      <ReasonField label={t("forms.reason")} />
    </FormDialog>
  );
}
