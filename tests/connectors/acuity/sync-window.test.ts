import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { sourceStreams } from "../../../workflows/sync-sources.js";
import { openTestServices, type TestServices } from "../../helpers/test-services.js";
import { useMsw } from "../fhir/helpers/msw.js";
import { BASE_URL, REF_KEY, testClient } from "./helpers/fixtures.js";

/** The sync asks Acuity for the account's local dates, not UTC instants. */
const server = useMsw();
let services: TestServices | undefined;
afterEach(async () => services?.dispose());

async function queriedDates(timeZone: string, now: Date): Promise<Array<Record<string, string>>> {
  services = await openTestServices({ config: { practice: { timeZone }, sync: { horizonDays: 14 } }, now });
  services.sources.acuity = { client: testClient(), clientRefKey: REF_KEY };
  const queries: Array<Record<string, string>> = [];
  server.use(http.get(`${BASE_URL}/appointments`, ({ request }) => {
    queries.push(Object.fromEntries(new URL(request.url).searchParams));
    return HttpResponse.json([]);
  }));
  for (const { batches } of sourceStreams(services, { from: now, to: new Date(now.getTime() + 14 * 86_400_000) })) for await (const _ of batches) void _;
  return queries;
}

describe("the Acuity window the sync asks for", () => {
  it("is in the practice's local dates: 22:00 in Los Angeles is still the previous day there", async () => {
    const queries = await queriedDates("America/Los_Angeles", new Date("2030-07-01T05:00:00Z"));
    expect(queries.map((q) => [q.minDate, q.maxDate, q.canceled ?? "false"])).toEqual([
      ["2030-06-30", "2030-07-14", "false"],
      ["2030-06-30", "2030-07-14", "true"],
    ]);
    expect(queries.every((q) => !q.minDate?.includes("T"))).toBe(true);
  });

  it("follows the zone east of UTC too", async () => {
    const [first] = await queriedDates("Asia/Tokyo", new Date("2030-07-01T20:00:00Z"));
    expect([first?.minDate, first?.maxDate]).toEqual(["2030-07-02", "2030-07-16"]);
  });
});
