/** Reads a JSON text column written by this store; a corrupt value names the column. */
export function parseJsonColumn<T>(text: string, column: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new Error(`Stored JSON in ${column} is corrupt; the row was edited outside minnow.`, { cause });
  }
}

export function toBool01(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}
