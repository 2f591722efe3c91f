import type { Appointment, Invoice } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../../src/store/events.js";
import { openStack, type Stack } from "../../e2e/helpers/e2e-stack.js";
import { freeSlotForTwoWaitlisted } from "../../workflows/helpers/freed-slot.js";
import { at, BASE, createAppointment, createInvoice, createPatient, hours, openScenario, type PracticeScenario, type Scenario } from "../../workflows/helpers/scenario.js";
import type { RunState } from "./harness.js";
import { openTriggerScenario, type TriggerScenario } from "./trigger-scenario.js";

/**
 * minnow's own workflows (reminder, waitlist fill, payment reminder), not synthetic ones, run the
 * same way on both engines: the server, the sandbox EHR and the twilio SDK around them, patients
 * answering with signed webhooks.
 */
interface RealEngine<S extends PracticeScenario> {
  name: string;
  open(config: Record<string, unknown>): Promise<S>;
  runs(scenario: S, workflowId: string): Promise<Array<{ state: RunState; output?: unknown }>>;
}

const embedded: RealEngine<Scenario> = {
  name: "embedded",
  open: openScenario,
  async runs(s, workflowId) {
    const states = { pending: "pending", running: "running", sleeping: "suspended", waiting: "suspended", completed: "completed", failed: "failed" } as const;
    return (await s.engine.listRuns({ workflowId })).map((r) => ({ state: states[r.status], output: r.output }));
  },
};

const trigger: RealEngine<TriggerScenario> = {
  name: "trigger.dev",
  open: openTriggerScenario,
  async runs(s, workflowId) {
    const states = { queued: "pending", executing: "running", waiting: "suspended", completed: "completed", failed: "failed" } as const;
    return [...s.platform.state.runs.values()].filter((r) => r.taskId === workflowId).map((r) => ({ state: states[r.status], output: r.output }));
  },
};

const days = (n: number): number => hours(24 * n);

function describeOn<S extends PracticeScenario>(engine: RealEngine<S>): void {
  describe(`conformance: the real workflows (${engine.name})`, () => {
    let stack: Stack<S> | undefined;
    afterEach(async () => {
      await stack?.dispose();
      stack = undefined;
    });
    const open = async (config: Record<string, unknown>) => (stack = await openStack(config, engine.open));

    it("reminder: one text at the 24h touch, and a signed C writes accepted back to the EHR", async () => {
      const { scenario: s, ...st } = await open({ reminders: { touches: ["24h"], replyTouch: "24h" } });
      const patient = await createPatient(s.fhir);
      const start = at(BASE, hours(25));
      const appointmentRef = await createAppointment(s.fhir, patient.ref, start);
      await s.sync();
      expect(st.sentTo()).toHaveLength(0); // the touch is an hour away
      s.setNow(at(BASE, hours(1)));
      await s.drain();
      expect(st.sentTo(patient.phone).map((m) => m.body)).toEqual([expect.stringContaining("Reply C to confirm")]);

      expect((await st.reply(patient.phone, "C")).status).toBe(200);
      const appointment = await s.fhir.read<Appointment>("Appointment", appointmentRef.split("/")[1] ?? "");
      expect(appointment.participant?.find((p) => p.actor?.reference === patient.ref)?.status).toBe("accepted");
      expect((await listEvents(s.services.store, { type: "appointment.confirmed" })).map((e) => e.refs.appointmentRef)).toEqual([appointmentRef]);
      s.setNow(at(start, hours(1)));
      await s.drain();
      expect(st.sentTo().filter((m) => m.body.includes("Reply C"))).toHaveLength(1);
      expect((await engine.runs(s, "appointment-reminder")).map((r) => r.state)).toEqual(["completed"]);
    });

    it("waitlist fill: two simultaneous YES to a freed slot give one booking, one confirmation and one 'already filled'", async () => {
      const { scenario: s, ...st } = await open({ reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 3, holdMinutes: 15 } });
      const { owner, start, first, second, entries } = await freeSlotForTwoWaitlisted(s);
      await s.sync(); // a second look at the cancellation starts nothing more
      expect(st.sentTo(first.phone)).toHaveLength(1);
      expect(st.sentTo(second.phone)).toHaveLength(1);
      expect(st.sentTo(owner.phone)).toHaveLength(0);

      const responses = await st.replyAll([{ from: first.phone, body: "YES" }, { from: second.phone, body: "yes" }]);
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      const booked = await Promise.all(entries.map((ref) => s.fhir.read<Appointment>("Appointment", ref.split("/")[1] ?? "")));
      const winners = booked.filter((a) => a.status === "booked");
      expect(winners.map((a) => Date.parse(a.start ?? ""))).toEqual([start.getTime()]);
      expect(winners[0]?.participant?.map((p) => p.actor?.reference)).toEqual(expect.arrayContaining(["Practitioner/prac-1", "Location/loc-north"]));
      expect(booked.filter((a) => a.status === "waitlist")).toHaveLength(1);
      const answers = [...st.sentTo(first.phone).slice(1), ...st.sentTo(second.phone).slice(1)].map((m) => m.body);
      expect(answers.filter((b) => b.includes("You're booked"))).toHaveLength(1);
      expect(answers.filter((b) => b.includes("just filled"))).toHaveLength(1);
      expect(await listEvents(s.services.store, { type: "waitlist.slot_filled" })).toHaveLength(1);
      s.setNow(at(BASE, hours(2))); // past every hold: no further batch goes out
      await s.drain();
      expect(st.sentTo()).toHaveLength(4);
      expect((await engine.runs(s, "waitlist-fill")).map((r) => r.state)).toEqual(["completed"]);
    });

    it("payment reminder: reminds on the cadence while unpaid, without an amount, and stops once paid", async () => {
      const { scenario: s, ...st } = await open({ payments: { cadenceDays: [0, 7, 30] } });
      const patient = await createPatient(s.fhir);
      const invoiceRef = await createInvoice(s.fhir, patient.ref);
      await s.sync();
      expect(st.sentTo(patient.phone)).toHaveLength(1);
      s.setNow(at(BASE, days(7)));
      await s.drain();
      const sent = st.sentTo(patient.phone);
      expect(sent).toHaveLength(2);
      for (const m of sent) {
        expect(m.body).toContain("statement");
        expect(m.body).not.toMatch(/\$|\d+\.\d\d/);
      }
      const invoice = await s.fhir.read<Invoice>("Invoice", invoiceRef.split("/")[1] ?? "");
      await s.fhir.update({ ...invoice, status: "balanced" });
      s.setNow(at(BASE, days(31)));
      await s.drain();
      await s.sync();
      expect(st.sentTo(patient.phone)).toHaveLength(2);
      expect(await engine.runs(s, "payment-reminder")).toEqual([{ state: "completed", output: { outcome: "paid", sent: 2 } }]);
    });
  });
}

describeOn(embedded);
describeOn(trigger);
