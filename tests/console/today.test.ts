import type { Appointment, Patient } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { openConsoleRigWithEhr, pageText } from "./helpers/console-rig.js";

/** Today: the day picker, the location and practitioner filters, and each time in its location's zone. */
type Rig = Awaited<ReturnType<typeof openConsoleRigWithEhr>>;
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const NOW = new Date("2026-12-01T15:00:00Z"); // Tuesday 9:00 AM in Chicago
const LOCATIONS = [{ id: "mesa", fhir: "Location/loc-mesa", name: "Mesa Clinic", phone: "+14805550100", timeZone: "America/Phoenix" }];

async function visit(r: Rig, family: string, at: string, where: { practitioner: string; location: string }): Promise<string> {
  const patient = await r.fhir.create<Patient>({ resourceType: "Patient", name: [{ given: ["Testa"], family }] });
  const appointment: Appointment = {
    resourceType: "Appointment",
    status: "booked",
    start: at,
    end: new Date(new Date(at).getTime() + 1_800_000).toISOString(),
    participant: [
      { actor: { reference: `Patient/${patient.id ?? ""}` }, status: "needs-action" },
      { actor: { reference: where.practitioner }, status: "accepted" },
      { actor: { reference: where.location }, status: "accepted" },
    ],
  };
  return `Appointment/${(await r.fhir.create(appointment)).id ?? ""}`;
}

/** The text of one appointment's time cell. */
function timeOf(html: string, ref: string): string | undefined {
  const row = new RegExp(`data-appointment="${ref}"[^>]*>\\s*<td data-label="Time">([\\s\\S]*?)</td>`).exec(html);
  return row?.[1]?.replace(/<[^>]+>/g, "").trim();
}

describe("console today", { timeout: 60_000 }, () => {
  it("filters the day by location and by practitioner", async () => {
    rig = await openConsoleRigWithEhr({ now: NOW, config: { locations: LOCATIONS } });
    await visit(rig, "Northward", "2026-12-01T17:00:00Z", { practitioner: "Practitioner/p-north", location: "Location/loc-north" });
    await visit(rig, "Mesaford", "2026-12-01T18:00:00Z", { practitioner: "Practitioner/p-mesa", location: "Location/loc-mesa" });
    const desk = await rig.signIn("front-desk");

    const all = await pageText(await desk.get("/today"));
    expect(all).toContain("Testa Northward");
    expect(all).toContain("Testa Mesaford");
    const mesa = await pageText(await desk.get("/today?location=Location%2Floc-mesa"));
    expect(mesa).toContain("Testa Mesaford");
    expect(mesa).not.toContain("Testa Northward");
    const north = await pageText(await desk.get("/today?practitioner=Practitioner%2Fp-north"));
    expect(north).toContain("Testa Northward");
    expect(north).not.toContain("Testa Mesaford");
    const nobody = await pageText(await desk.get("/today?location=Location%2Floc-mesa&practitioner=Practitioner%2Fp-north"));
    expect(nobody).toContain("No appointments match this day and these filters.");
  });

  it("writes each time where the appointment is, naming the zone when it is not the practice's", async () => {
    rig = await openConsoleRigWithEhr({ now: NOW, config: { locations: LOCATIONS } });
    const chicago = await visit(rig, "Northward", "2026-12-01T17:00:00Z", { practitioner: "Practitioner/p-north", location: "Location/loc-north" });
    const mesa = await visit(rig, "Mesaford", "2026-12-01T17:00:00Z", { practitioner: "Practitioner/p-mesa", location: "Location/loc-mesa" });
    const desk = await rig.signIn("front-desk");
    const html = await (await desk.get("/today")).text();
    expect(timeOf(html, chicago)).toBe("11:00 AM");
    expect(timeOf(html, mesa)).toBe("10:00 AM MST");
  });

  it("shows another day from the picker, and refuses a date that does not exist beside the field", async () => {
    rig = await openConsoleRigWithEhr({ now: NOW });
    await visit(rig, "Tomorrowby", "2026-12-02T17:00:00Z", { practitioner: "Practitioner/p-north", location: "Location/loc-north" });
    const desk = await rig.signIn("front-desk");
    expect(await pageText(await desk.get("/today"))).not.toContain("Testa Tomorrowby");
    const next = await pageText(await desk.get("/today?date=2026-12-02"));
    expect(next).toContain("Wednesday, December 2, 2026");
    expect(next).toContain("Testa Tomorrowby");
    const refused = await desk.get("/today?date=2026-02-30");
    expect(refused.status).toBe(422);
    expect(await pageText(refused)).toContain("Enter a real date, for example 2026-12-02");
  });

  it("searches an EHR that refuses practice-wide searches the way the sync does: by the practice's locations", async () => {
    rig = await openConsoleRigWithEhr({ now: NOW, config: { locations: LOCATIONS }, searchRules: "scoped" });
    await visit(rig, "Mesaford", "2026-12-01T18:00:00Z", { practitioner: "Practitioner/p-mesa", location: "Location/loc-mesa" });
    const desk = await rig.signIn("front-desk");
    const res = await desk.get("/today");
    expect(res.status).toBe(200);
    expect(await pageText(res)).toContain("Testa Mesaford");
  });

  it("says what to set, in words, when the EHR refuses the search and nothing says how else to search", async () => {
    rig = await openConsoleRigWithEhr({ now: NOW, searchRules: "scoped" });
    const desk = await rig.signIn("front-desk");
    const res = await desk.get("/today");
    expect(res.status).toBe(200);
    const text = await pageText(res);
    expect(text).toContain("Your EHR refused the schedule search");
    expect(text).toContain("fhir.search");
  });
});
