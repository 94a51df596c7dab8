import type { Rule } from "antd/es/form";

/**
 * The part of a zod schema a form reads (structural, so the web needs no zod of its own): the check
 * itself, and the bounds zod 4 exposes on string and number schemas.
 */
export interface FieldSchema {
  safeParse(value: unknown): { success: boolean };
  minLength?: number | null;
  maxLength?: number | null;
  minValue?: number | null;
  maxValue?: number | null;
  unwrap?: () => unknown;
}

/** The bounds of a field's schema, through `.optional()` and `.default()`. */
export function bounds(schema: FieldSchema): { minLength?: number; maxLength?: number; min?: number; max?: number } {
  let s: FieldSchema = schema;
  for (let depth = 0; depth < 4 && s.maxLength === undefined && s.maxValue === undefined && s.unwrap; depth++) {
    s = s.unwrap() as FieldSchema;
  }
  const defined = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) ? n : undefined);
  return { minLength: defined(s.minLength), maxLength: defined(s.maxLength), min: defined(s.minValue), max: defined(s.maxValue) };
}

/**
 * An antd rule that checks a field with the same zod schema the server validates it with, so a limit
 * (length, range, NUL) is written once, in @tracker/domain. An empty field is left to `required`.
 */
export function schemaRule(schema: FieldSchema, message: string): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === "") return;
      if (!schema.safeParse(value).success) throw new Error(message);
    },
  };
}
