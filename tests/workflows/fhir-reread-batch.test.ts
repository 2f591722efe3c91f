import type { Bundle } from "@medplum/fhirtypes";
import { bypass, http, HttpResponse, passthrough } from "msw";
import { describe, expect, it } from "vitest";
import { readAppointment } from "../../workflows/source-reads.js";
import { appointmentOfDeletedPatient, bookedRefs, copyAppointment, idSearches, readOneByOne, reads, readTogether, useRereadEhr } from "./helpers/reread-ehr.js";

/** Re-reads asked for in one turn share a search; anything the search leaves out is read alone, as before. */
const t = useRereadEhr();

describe("re-reads of appointments asked for in the same turn", () => {
  it("make one search with the patients included and no reads, and give what reading each alone gives", async () => {
    const services = t.freshServices();
    const refs = bookedRefs(t.ehr, 5);
    const together = await readTogether(services, refs);
    expect(idSearches(t.requests)).toEqual([5]);
    expect(reads(t.requests)).toEqual([]);
    const search = t.requests.find((u) => u.searchParams.has("_id"));
    expect(search?.searchParams.get("_include")).toBe("Appointment:patient");
    expect(search?.searchParams.get("_count")).toBe("5");

    t.requests.length = 0;
    const alone = await readOneByOne(services, refs);
    expect(reads(t.requests)).toHaveLength(10);
    expect(together).toEqual(alone);
    expect(together.every((fresh) => fresh?.record.status === "booked" && fresh.firstName)).toBe(true);
  });

  it("reads a lone re-read as before: the appointment, then its patient, and no search", async () => {
    const services = t.freshServices();
    const [ref = ""] = bookedRefs(t.ehr, 1);
    const fresh = await readAppointment(services, ref);
    expect(fresh?.record.ref).toBe(ref);
    expect(idSearches(t.requests)).toEqual([]);
    expect(reads(t.requests)).toEqual([ref, fresh?.record.patientRef]);
  });

  it("asks for the same appointment once when two runs re-read it in one turn", async () => {
    const services = t.freshServices();
    const [a = "", b = ""] = bookedRefs(t.ehr, 2, 5);
    const [first, second, third] = await readTogether(services, [a, b, a]);
    expect(idSearches(t.requests)).toEqual([2]);
    expect(first).toEqual(third);
    expect(second?.record.ref).toBe(b);
  });

  it("splits more than 50 into even searches of at most 50", async () => {
    const services = t.freshServices();
    const refs = bookedRefs(t.ehr, 60, 10);
    const together = await readTogether(services, refs);
    expect(idSearches(t.requests)).toEqual([30, 30]);
    expect(reads(t.requests)).toEqual([]);
    expect(together.map((fresh) => fresh?.record.ref)).toEqual(refs);
  });

  it("reads alone what the search did not return: a gone appointment and one whose patient is gone read as null", async () => {
    const services = t.freshServices();
    const [kept = "", other = ""] = bookedRefs(t.ehr, 2, 20);
    const orphan = await appointmentOfDeletedPatient(t.ehr, kept);
    const gone = "Appointment/no-such-appointment";
    const together = await readTogether(services, [kept, gone, orphan, other]);
    expect(together.map((fresh) => fresh?.record.ref ?? null)).toEqual([kept, null, null, other]);
    expect(idSearches(t.requests)).toEqual([4]);
    // The two the search could not pair were read alone; the orphan's patient read answered 404.
    expect(reads(t.requests)).toEqual(expect.arrayContaining([gone, orphan]));
    expect(reads(t.requests)).not.toContain(kept);
    expect(together).toEqual(await readOneByOne(services, [kept, gone, orphan, other]));
  });

  it("gives each appointment its own status in a mixed batch, and null for one with no patient", async () => {
    const services = t.freshServices();
    const [booked = "", template = ""] = bookedRefs(t.ehr, 2, 30);
    const cancelled = await copyAppointment(t.ehr, template, (a) => ({ ...a, status: "cancelled" }));
    const noshow = await copyAppointment(t.ehr, template, (a) => ({ ...a, status: "noshow" }));
    const noPatient = await copyAppointment(t.ehr, template, (a) => ({ ...a, participant: (a.participant ?? []).filter((p) => !p.actor?.reference?.startsWith("Patient/")) }));
    const refs = [booked, cancelled, noshow, noPatient];
    const together = await readTogether(services, refs);
    expect(together.map((fresh) => fresh?.record.status ?? null)).toEqual(["booked", "cancelled", "noshow", null]);
    expect(idSearches(t.requests)).toEqual([4]);
    expect(together).toEqual(await readOneByOne(services, refs));
  });

  it("reads alone the ones a page cut short left out, ignoring its next link", async () => {
    const services = t.freshServices();
    t.msw.use(
      http.get(`${t.ehr.baseUrl}/Appointment`, async ({ request }) => {
        const url = new URL(request.url);
        if (!url.searchParams.has("_id")) return passthrough();
        url.searchParams.set("_count", "2"); // a server whose pages hold two
        return HttpResponse.json((await (await fetch(bypass(url.toString()))).json()) as Bundle);
      }),
    );
    const refs = bookedRefs(t.ehr, 5, 40);
    const together = await readTogether(services, refs);
    expect(idSearches(t.requests)).toEqual([5]);
    expect(reads(t.requests).filter((r) => r.startsWith("Appointment/"))).toHaveLength(3);
    expect(together).toEqual(await readOneByOne(services, refs));
  });
});
