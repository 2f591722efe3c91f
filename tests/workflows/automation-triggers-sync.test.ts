import type { Appointment, Invoice } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import type { RecipeStep, RecipeTrigger } from "../../src/automations/recipe.js";
import { at, BASE, createAppointment, createInvoice, createPatient, hours, openScenario, syncedBooking, updateAppointment, type Scenario } from "./helpers/scenario.js";
import { saveRecipeVersion, setRecipeActive } from "../../src/store/automation-recipes.js";
import { recipeWith } from "../automations/recipe-fixtures.js";
import { getSeen, recordSeen } from "../../src/store/sync-seen.js";
import { listeningRuns, recipeTextsTo, runCounts, saveTriggerRecipes, textOf } from "./helpers/trigger-recipes.js";

/**
 * The triggers a sync fires, each through a real sync against the sandbox EHR: the EHR changes,
 * sync sees it, and the recipe listening for that change runs once to its end (its text in the
 * outbox). Seeing the same state again starts nothing; an inactive recipe and one on another
 * trigger never start.
 */
let s: Scenario | undefined;
afterEach(async () => {
  await s?.dispose();
  s = undefined;
});

type Booked = Awaited<ReturnType<typeof syncedBooking>>;
const appointment = (b: Booked): string => b.appointmentRef;

interface TriggerCase {
  trigger: RecipeTrigger;
  /** Active, on another trigger: what this change could be mistaken for. */
  neighbour: RecipeTrigger;
  purpose?: "follow-up" | "payment-reminder" | "recall";
  config?: Record<string, unknown>;
  /** What the run is about: the appointment, the invoice or (for a schedule) the patient. */
  subject(booked: Booked): unknown;
  /** Makes the change in the EHR (and moves the clock) so that the next sync fires the trigger. */
  change(scenario: Scenario, booked: Booked): Promise<void>;
}

const CASES: Record<string, TriggerCase> = {
  "appointment.moved": {
    trigger: { on: "appointment.moved" },
    neighbour: { on: "appointment.booked" },
    subject: appointment,
    change: async (sc, b) => {
      await updateAppointment(sc.fhir, b.appointmentRef, (a) => ({ ...a, start: at(BASE, hours(72)).toISOString(), end: at(BASE, hours(72.5)).toISOString() }));
    },
  },
  "appointment.cancelled": {
    trigger: { on: "appointment.cancelled" },
    neighbour: { on: "appointment.moved" },
    subject: appointment,
    change: async (sc, b) => {
      await updateAppointment(sc.fhir, b.appointmentRef, (a) => ({ ...a, status: "cancelled" }));
    },
  },
  "appointment.fulfilled": {
    trigger: { on: "appointment.fulfilled" },
    neighbour: { on: "appointment.no_show" },
    subject: appointment,
    change: async (sc, b) => {
      sc.setNow(b.start);
      await updateAppointment(sc.fhir, b.appointmentRef, (a) => ({ ...a, status: "arrived" })); // still a booking, not yet a visit
      await sc.sync();
      expect(await runCounts(sc.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });
      sc.setNow(at(b.start, hours(1)));
      await updateAppointment(sc.fhir, b.appointmentRef, (a) => ({ ...a, status: "fulfilled" }));
    },
  },
  "invoice.issued": {
    trigger: { on: "invoice.issued" },
    neighbour: { on: "appointment.booked" },
    purpose: "payment-reminder",
    // The built-in payment reminder waits a week, so the day's one billing text is the recipe's.
    config: { payments: { cadenceDays: [7] } },
    subject: () => expect.stringMatching(/^Invoice\//),
    change: async (sc, b) => {
      await createInvoice(sc.fhir, b.patientRef);
    },
  },
  schedule: {
    trigger: { on: "schedule", cron: "5 9 * * 2" }, // Tuesdays 09:05 in Chicago, minutes after BASE
    neighbour: { on: "schedule", cron: "5 9 * * 3" },
    purpose: "recall",
    subject: (b) => b.patientRef,
    change: async (sc) => {
      sc.setNow(at(BASE, 6 * 60_000));
    },
  },
};

describe.each(Object.entries(CASES))("the %s trigger, through sync", (kind, c) => {
  it("starts one run of the active recipe listening for it, which sends its text; the same state seen again starts nothing", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] }, ...c.config });
    const booked = await syncedBooking(s, kind === "appointment.fulfilled" ? at(BASE, hours(26)) : undefined);
    await saveTriggerRecipes(s.services, c.trigger, c.neighbour, c.purpose);
    await s.sync(); // nothing changed yet: nothing starts
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });

    await c.change(s, booked);
    await s.sync();

    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(await listeningRuns(s.services)).toEqual([expect.objectContaining({ version: 1, subjectRef: c.subject(booked), sends: 1, outcome: "completed" })]);
    expect(recipeTextsTo(s.sms.sent, booked.phone).filter((t) => t !== "other")).toEqual(["listening"]);

    const sentBefore = s.sms.sent.length;
    s.setNow(at(s.services.clock.now(), 60_000));
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(s.sms.sent).toHaveLength(sentBefore);
  });
});

describe("appointment.moved, back and forth", () => {
  it("each real move starts its own run, a move back to a time it had before included; the same state seen again starts nothing", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    const booked = await syncedBooking(s); // A
    await saveTriggerRecipes(s.services, { on: "appointment.moved" }, { on: "appointment.cancelled" });
    const moveTo = async (sc: Scenario, start: Date): Promise<void> => {
      sc.setNow(at(sc.services.clock.now(), 60_000));
      await updateAppointment(sc.fhir, booked.appointmentRef, (a) => ({ ...a, start: start.toISOString(), end: at(start, hours(0.5)).toISOString() }));
      await sc.sync();
    };
    const b = at(BASE, hours(72));

    await moveTo(s, b);
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    s.setNow(at(s.services.clock.now(), 60_000));
    await s.sync(); // a re-sync of the same state
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });

    await moveTo(s, booked.start); // back to A
    expect(await runCounts(s.services)).toEqual({ listening: 2, inactive: 0, neighbour: 0 });
    await moveTo(s, b); // and to B again: a move of its own
    expect(await runCounts(s.services)).toEqual({ listening: 3, inactive: 0, neighbour: 0 });
    s.setNow(at(s.services.clock.now(), 60_000));
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 3, inactive: 0, neighbour: 0 });
    expect((await listeningRuns(s.services)).map((r) => r.subjectRef)).toEqual([booked.appointmentRef, booked.appointmentRef, booked.appointmentRef]);
  });

  it("a run still waiting from a move to B stands down once the booking moves away, even when it comes back to B: one text for the last move", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    const booked = await syncedBooking(s); // A
    const at0 = s.services.clock.now();
    const steps: RecipeStep[] = [
      { id: "wait-1", kind: "wait", duration: "1h", from: "trigger", direction: "after" },
      { id: "send-1", kind: "send", purpose: "follow-up", template: { en: textOf("listening") } },
    ];
    await saveRecipeVersion(s.services.store, "listening", recipeWith(steps, { name: "Moved, an hour later", trigger: { on: "appointment.moved" } }), { by: "test", at: at0 });
    await setRecipeActive(s.services.store, "listening", true, at0);
    const moveTo = async (start: Date): Promise<void> => {
      s?.setNow(at(s.services.clock.now(), 60_000));
      await updateAppointment(s!.fhir, booked.appointmentRef, (a) => ({ ...a, start: start.toISOString(), end: at(start, hours(0.5)).toISOString() }));
      await s!.sync();
    };
    const b = at(BASE, hours(72));
    await moveTo(b);
    await moveTo(booked.start);
    await moveTo(b);
    expect(await runCounts(s.services)).toMatchObject({ listening: 3 });

    s.setNow(at(s.services.clock.now(), hours(2)));
    await s.drain();
    expect(recipeTextsTo(s.sms.sent, booked.phone).filter((id) => id === "listening")).toHaveLength(1);
    const runs = await listeningRuns(s.services);
    expect(runs.map((r) => r.sends).sort()).toEqual([0, 0, 1]);
  });

  it("a sync that died after starting a move's run but before recording the new state starts nothing more when it runs again", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    const booked = await syncedBooking(s);
    await saveTriggerRecipes(s.services, { on: "appointment.moved" }, { on: "appointment.cancelled" });
    const seenBefore = await getSeen(s.services.store, "appointment:fhir", booked.appointmentRef);
    s.setNow(at(s.services.clock.now(), 60_000));
    await updateAppointment(s.fhir, booked.appointmentRef, (a) => ({ ...a, start: at(BASE, hours(72)).toISOString(), end: at(BASE, hours(72.5)).toISOString() }));
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });

    // As if the process died before sync recorded the move: the next sync sees the same move again.
    await recordSeen(s.services.store, "appointment:fhir", booked.appointmentRef, { fingerprint: seenBefore?.fingerprint ?? "", status: "booked" }, seenBefore?.lastSeenAt);
    s.setNow(at(s.services.clock.now(), 60_000));
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
  });
});

describe("waitlist.joined from the EHR's own waitlist (Appointments with status waitlist)", () => {
  const waitlist = async (sc: Scenario, patientRef: string): Promise<string> => {
    const entry: Appointment = { resourceType: "Appointment", status: "waitlist", participant: [{ actor: { reference: patientRef }, status: "needs-action" }], requestedPeriod: [{ start: at(BASE, hours(24)).toISOString(), end: at(BASE, hours(24 * 7)).toISOString() }] };
    return `Appointment/${(await sc.fhir.create(entry)).id ?? ""}`;
  };

  it("an entry made after the recipe is on starts one run, which texts the patient; entries already there, and the same entry seen again, start nothing", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    await saveTriggerRecipes(s.services, { on: "waitlist.joined" }, { on: "appointment.booked" }, "waitlist-offer");
    const before = await createPatient(s.fhir);
    await waitlist(s, before.ref);
    await s.sync(); // the first search: what is on the list already started nothing
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });

    const joined = await createPatient(s.fhir);
    const entryRef = await waitlist(s, joined.ref);
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(await listeningRuns(s.services)).toEqual([expect.objectContaining({ subjectRef: entryRef, sends: 1, outcome: "completed" })]);
    expect(recipeTextsTo(s.sms.sent, joined.phone)).toEqual(["listening"]);
    expect(recipeTextsTo(s.sms.sent, before.phone)).toEqual([]);

    s.setNow(at(s.services.clock.now(), 60_000));
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
  });

  it("with no such recipe on, entries start nothing, and turning one on later starts from the list as it is then", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    await saveTriggerRecipes(s.services, { on: "waitlist.joined" }, { on: "appointment.booked" }, "waitlist-offer");
    await s.sync();
    await setRecipeActive(s.services.store, "listening", false, s.services.clock.now());
    await waitlist(s, (await createPatient(s.fhir)).ref);
    await s.sync();
    await setRecipeActive(s.services.store, "listening", true, s.services.clock.now());
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });
  });
});

describe("what a sync must not take for a trigger", () => {
  it("a visit first seen already fulfilled (a past visit a first sync finds) starts no follow-up", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    await saveTriggerRecipes(s.services, { on: "appointment.fulfilled" }, { on: "appointment.booked" });
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, at(BASE, -hours(3)));
    await updateAppointment(s.fhir, ref, (a) => ({ ...a, status: "fulfilled" }));
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });
  });

  it("a booking whose end changes but whose start does not is not a move", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    const booked = await syncedBooking(s);
    await saveTriggerRecipes(s.services, { on: "appointment.moved" }, { on: "appointment.cancelled" });
    await updateAppointment(s.fhir, booked.appointmentRef, (a) => ({ ...a, end: at(booked.start, hours(1)).toISOString() }));
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });
  });

  it("an invoice already paid when sync first sees it starts nothing", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    const booked = await syncedBooking(s);
    await saveTriggerRecipes(s.services, { on: "invoice.issued" }, { on: "appointment.booked" }, "payment-reminder");
    const paid: Invoice = { resourceType: "Invoice", status: "balanced", subject: { reference: booked.patientRef }, date: BASE.toISOString() };
    await s.fhir.create(paid);
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });
  });

  it("a schedule whose time passed before the look-back starts nothing, and a tick a day later starts nothing new", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    await syncedBooking(s);
    await saveTriggerRecipes(s.services, { on: "schedule", cron: "0 8 * * 2" }, { on: "appointment.booked" }, "recall"); // 08:00, an hour before BASE
    await s.sync();
    s.setNow(at(BASE, hours(24)));
    await s.sync();
    expect(await runCounts(s.services)).toEqual({ listening: 0, inactive: 0, neighbour: 0 });
  });
});
