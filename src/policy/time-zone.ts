/** IANA time-zone names, checked once each. */

/** Zone names already checked; building an Intl formatter per check is costly in a fan-out. */
const checkedZones = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  const known = checkedZones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    valid = zone.length > 0;
  } catch {
    valid = false;
  }
  if (checkedZones.size < 1_000) checkedZones.set(zone, valid);
  return valid;
}
