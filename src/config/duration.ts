const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses "90m", "24h" or "3d" into milliseconds; returns null when it is not such a string. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,4})\s*([mhd])$/.exec(text.trim());
  if (!match) return null;
  const [, amount, unit] = match;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}
