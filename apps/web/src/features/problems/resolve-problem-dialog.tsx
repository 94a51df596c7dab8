import { useMutation } from "@tanstack/react-query";
import type { RouterInputs } from "@tracker/api";
import { problemResolveSchema } from "@tracker/domain";
import { Form, Input } from "antd";
import { FormDialog } from "../../components/form-dialog";
import { useTranslation } from "../../i18n";
import { useDialogWrite } from "../../lib/use-write";
import { bounds, schemaRule } from "../../lib/zod-rules";
import { trpc } from "../../trpc";

type ProblemResolve = RouterInputs["problems"]["resolve"];
type Values = Pick<ProblemResolve, "resolution">;
const resolution = problemResolveSchema.shape.resolution;

/** `problems.resolve`: what was done about a problem. */
export function ResolveProblemDialog({
  problem,
  title,
  onClose,
}: {
  problem: Pick<ProblemResolve, "id" | "version"> & { description?: string };
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const resolve = useMutation(trpc.problems.resolve.mutationOptions(useDialogWrite(onClose)));
  return (
    <FormDialog<Values>
      title={title}
      intro={problem.description}
      form={form}
      pending={resolve.isPending}
      onClose={onClose}
      onFinish={(v) => resolve.mutate({ id: problem.id, version: problem.version, resolution: v.resolution })}
    >
      <Form.Item
        name="resolution"
        label={t("forms.resolution")}
        rules={[
          { required: true, message: t("forms.required") },
          schemaRule(resolution, t("forms.lengthRange", bounds(resolution))),
        ]}
      >
        <Input.TextArea rows={3} maxLength={bounds(resolution).maxLength} />
      </Form.Item>
    </FormDialog>
  );
}
