/** How values cross into the journal: JSON text, with undefined stored as NULL. */

export function toJson(value: unknown, what: string): string | null {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new Error(`${what} produced a value that cannot be stored as JSON: return plain data (ids, numbers, strings).`, { cause });
  }
  if (text === undefined) throw new Error(`${what} produced a ${typeof value}, which cannot be stored as JSON: return plain data.`);
  return text;
}

export function fromJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

const MAX_ERROR_LENGTH = 500;

/** The recorded form of a failure: its name and message, truncated. Kept in the store, never logged. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : `NonError: ${String(err)}`;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
