import type { Context } from "hono";
import type { z } from "zod";

/**
 * Form handling for the console. A form posts url-encoded fields; they are validated with zod,
 * and a refusal names each field in words with the values as they were typed, so the page can
 * be shown again with the errors beside the fields and nothing lost.
 */
export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

export async function readForm(c: Context): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === "string");
  }
  return values;
}

/** The first value of a field as text ("" when absent). */
export function text(values: FormValues, name: string): string {
  const value = values[name];
  return typeof value === "string" ? value : (value?.[0] ?? "");
}

/** Every value of a multi-valued field (checkboxes). */
export function list(values: FormValues, name: string): string[] {
  const value = values[name];
  return value === undefined ? [] : typeof value === "string" ? [value] : value;
}

export function validateForm<S extends z.ZodType>(schema: S, values: FormValues, input: unknown = values): FormResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}

export async function parseForm<S extends z.ZodType>(c: Context, schema: S, shape: (values: FormValues) => unknown = (v) => v): Promise<FormResult<z.output<S>>> {
  const values = await readForm(c);
  return validateForm(schema, values, shape(values));
}
