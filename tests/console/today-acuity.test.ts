import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { acuityAppointment, BASE_URL, REF_KEY, testClient } from "../connectors/acuity/helpers/fixtures.js";
import { useMsw } from "../connectors/fhir/helpers/msw.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

/** Today lists the practice's Acuity appointments beside the EHR's, and says so when Acuity cannot be read. */
const server = useMsw();
const NOW = new Date("2026-12-01T15:00:00Z"); // Tuesday 9:00 AM in Chicago
let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

async function acuityRig(): Promise<ConsoleRig> {
  const opened = await openConsoleRig({ services: { sources: { acuity: { client: testClient(), clientRefKey: REF_KEY } } } });
  opened.services.setNow(NOW);
  return opened;
}

describe("console today with Acuity", { timeout: 60_000 }, () => {
  it("lists the day's Acuity appointments by name, cancelled ones as cancelled, and not the next day's", async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${BASE_URL}/appointments`, ({ request }) => {
        const url = new URL(request.url);
        asked.push(`${url.searchParams.get("minDate")}..${url.searchParams.get("maxDate")}${url.searchParams.get("canceled") ? " canceled" : ""}`);
        if (url.searchParams.get("canceled")) return HttpResponse.json([acuityAppointment({ id: 3, firstName: "Casey", lastName: "Cancelled", datetime: "2026-12-01T14:00:00-0600", canceled: true })]);
        return HttpResponse.json([
          acuityAppointment({ id: 1, firstName: "Avery", lastName: "Acuityton", datetime: "2026-12-01T10:30:00-0600" }),
          acuityAppointment({ id: 2, firstName: "Tomorrow", lastName: "Person", datetime: "2026-12-02T10:30:00-0600" }),
        ]);
      }),
    );
    rig = await acuityRig();
    const desk = await rig.signIn("front-desk");
    const html = await (await desk.get("/today")).text();
    const text = await pageText(new Response(html));
    expect(text).toContain("Avery Acuityton");
    expect(text).not.toContain("Tomorrow Person");
    expect(html).toMatch(/data-appointment="acuity:3"[\s\S]*?Cancelled/);
    // Acuity reads dates in the account's zone: minnow asks for the neighbouring days and keeps the window.
    expect(new Set(asked)).toEqual(new Set(["2026-11-30..2026-12-03", "2026-11-30..2026-12-03 canceled"]));
  });

  it("says in words that Acuity's appointments are missing when Acuity cannot be reached, and still shows the page", async () => {
    server.use(http.get(`${BASE_URL}/appointments`, () => HttpResponse.json({ status_code: 401, message: "Avery Acuityton not allowed", error: "unauthorized" }, { status: 401 })));
    rig = await acuityRig();
    const desk = await rig.signIn("front-desk");
    const res = await desk.get("/today");
    expect(res.status).toBe(200);
    const text = await pageText(res);
    expect(text).toContain("minnow could not reach Acuity just now, so its appointments are missing from this list.");
    expect(text).not.toContain("Avery");
  });
});
