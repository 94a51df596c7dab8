import { permitMoveSchema } from "@tracker/domain";
import type { FieldSchema } from "../../lib/zod-rules";

/** One branch of `permits.move` (its input is a union keyed by `to`), for the fields of its form. */
function branch(to: "approved" | "returned") {
  const found = permitMoveSchema.options.find((o) => o.shape.to.value === to);
  if (!found) throw new Error(`permits.move has no ${to} branch`);
  return found.shape as unknown as Record<string, FieldSchema>;
}

/** The certificate number an approval records. */
export const certificateNoSchema = branch("approved").certificateNo!;
/** The missing materials a return lists (一次性告知), and one material of them. */
export const missingMaterialsSchema = branch("returned").missingMaterials!;
export const materialSchema = (missingMaterialsSchema as unknown as { element: FieldSchema }).element;
