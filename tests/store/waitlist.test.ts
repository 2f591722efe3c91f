import { afterEach, describe, expect, it } from "vitest";
import { getSeen, listSeenBefore, recordSeen } from "../../src/store/sync-seen.js";
import { addToWaitlist, setWaitlistStatus, waitlistCandidates, waitlistForPatient } from "../../src/store/waitlist.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

const day = (d: number, h = 0) => new Date(Date.UTC(2026, 2, d, h));

describe.each(testDialects())("waitlist and sync bookkeeping on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("offers a slot to waiting patients whose period covers it, most urgent then longest waiting", async () => {
    store = await openTestStore(dialect);
    const add = (ref: string, priority: number, created: number, extra: object = {}) =>
      addToWaitlist(store!, { patientRef: ref, priority, requestedStart: day(1), requestedEnd: day(10), ...extra }, day(0, created));
    await add("Patient/late-urgent", 1, 5);
    await add("Patient/early-normal", 5, 1);
    await add("Patient/late-normal", 5, 3);
    await add("Patient/other-doc", 1, 0, { practitionerRef: "Practitioner/2" });
    await add("Patient/same-doc", 5, 4, { practitionerRef: "Practitioner/1" });
    await add("Patient/too-narrow", 1, 0, { requestedEnd: day(3) });
    const removed = await add("Patient/removed", 1, 0);
    await setWaitlistStatus(store, removed, "removed");

    const slot = { start: day(4, 15), end: day(4, 16), practitionerRef: "Practitioner/1", locationRef: "Location/1" };
    const refs = (await waitlistCandidates(store, slot)).map((e) => e.patientRef);
    expect(refs).toEqual(["Patient/late-urgent", "Patient/early-normal", "Patient/late-normal", "Patient/same-doc"]);
    expect((await waitlistCandidates(store, slot, 2)).length).toBe(2);
    expect((await waitlistForPatient(store, "Patient/removed"))[0]?.status).toBe("removed");
  });

  it("refuses a requested period that ends before it starts", async () => {
    store = await openTestStore(dialect);
    await expect(addToWaitlist(store, { patientRef: "p", requestedStart: day(5), requestedEnd: day(4) })).rejects.toThrow(/before requestedEnd/);
  });

  it("tells sync whether a record is new, changed or unchanged, and which went unseen", async () => {
    store = await openTestStore(dialect);
    expect((await recordSeen(store, "fhir", "Appointment/1", { fingerprint: "a", status: "booked" }, day(1))).change).toBe("new");
    expect((await recordSeen(store, "fhir", "Appointment/1", { fingerprint: "a", status: "booked" }, day(2))).change).toBe("unchanged");
    const moved = await recordSeen(store, "fhir", "Appointment/1", { fingerprint: "b", status: "booked" }, day(3));
    expect(moved).toEqual({ change: "changed", previous: { fingerprint: "a", status: "booked", lastSeenAt: day(2) } });
    expect((await recordSeen(store, "fhir", "Appointment/1", { fingerprint: "b", status: "cancelled" }, day(4))).change).toBe("changed");
    await recordSeen(store, "fhir", "Appointment/2", { fingerprint: "c", status: "booked" }, day(1));
    await recordSeen(store, "acuity", "Appointment/2", { fingerprint: "c", status: "booked" }, day(1));
    expect((await listSeenBefore(store, "fhir", day(2))).map((s) => s.ref)).toEqual(["Appointment/2"]);
    expect(await getSeen(store, "fhir", "Appointment/9")).toBeNull();
  });
});
