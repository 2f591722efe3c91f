import type { SeededRandom } from "./seed-random.js";

/**
 * Fictional phone numbers only: NANP reserves 555-0100 through 555-0199 for fiction in every area
 * code. Line 0100 is kept for the practice's own numbers, so patients get 0101..0199. Area codes
 * come from states with different quiet-hour rules (IL federal, FL and CT stricter, TX Sunday noon,
 * AK far west) so the sandbox exercises them.
 */
export interface Region {
  state: string;
  city: string;
  zipPrefix: string;
  areaCodes: readonly string[];
  /** Relative share of patients living there. */
  weight: number;
}

export const REGIONS: readonly Region[] = [
  { state: "IL", city: "Chicago", zipPrefix: "606", areaCodes: ["312", "773", "872", "847"], weight: 55 },
  { state: "FL", city: "Miami", zipPrefix: "331", areaCodes: ["305", "786", "407"], weight: 12 },
  { state: "CT", city: "New Haven", zipPrefix: "065", areaCodes: ["203", "860"], weight: 8 },
  { state: "TX", city: "Austin", zipPrefix: "787", areaCodes: ["512", "214", "713"], weight: 12 },
  { state: "AK", city: "Anchorage", zipPrefix: "995", areaCodes: ["907"], weight: 3 },
  { state: "NY", city: "Brooklyn", zipPrefix: "112", areaCodes: ["718", "212", "646"], weight: 4 },
  { state: "CA", city: "Oakland", zipPrefix: "946", areaCodes: ["510", "415", "213"], weight: 3 },
  { state: "WA", city: "Tacoma", zipPrefix: "984", areaCodes: ["253", "206"], weight: 3 },
];

export const PRACTICE_PHONES = ["+13125550100", "+17735550100"] as const;

const FIRST_LINE = 101;
const LAST_LINE = 199;
const LINES_PER_AREA_CODE = LAST_LINE - FIRST_LINE + 1;

function numberAt(areaCode: string, index: number): string {
  return `+1${areaCode}555${String(FIRST_LINE + (index % LINES_PER_AREA_CODE)).padStart(4, "0")}`;
}

/**
 * Hands out distinct numbers per region while they last. A benchmark-sized practice outgrows the
 * fictional range, and then numbers repeat: harmless for load, and the only honest alternative to
 * inventing real-looking numbers.
 */
export class PhoneBook {
  private readonly used = new Map<string, number>();

  constructor(private readonly random: SeededRandom) {}

  pickRegion(): Region {
    const total = REGIONS.reduce((sum, r) => sum + r.weight, 0);
    let roll = this.random.next() * total;
    for (const region of REGIONS) {
      roll -= region.weight;
      if (roll < 0) return region;
    }
    return REGIONS[0] as Region;
  }

  nextNumber(region: Region): string {
    const taken = this.used.get(region.state) ?? 0;
    this.used.set(region.state, taken + 1);
    const capacity = region.areaCodes.length * LINES_PER_AREA_CODE;
    const slot = taken % capacity;
    const areaCode = region.areaCodes[Math.floor(slot / LINES_PER_AREA_CODE)] ?? region.areaCodes[0] ?? "312";
    return numberAt(areaCode, slot);
  }
}
