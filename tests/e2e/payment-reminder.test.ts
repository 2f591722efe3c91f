import type { Invoice } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { at, BASE, createInvoice, createPatient, hours } from "../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const days = (n: number): number => hours(24 * n);

describe("e2e: payment reminder", () => {
  it("reminds on the cadence while unpaid, without an amount, and stops once the invoice is paid", async () => {
    stack = await openStack({ payments: { cadenceDays: [0, 7, 30] } });
    const { scenario: s } = stack;
    const patient = await createPatient(s.fhir);
    const invoiceRef = await createInvoice(s.fhir, patient.ref);
    await s.sync();
    expect(stack.sentTo(patient.phone)).toHaveLength(1);
    s.setNow(at(BASE, days(7)));
    await s.drain();
    const sent = stack.sentTo(patient.phone);
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
    expect(stack.sentTo(patient.phone)).toHaveLength(2);
    const [run] = await s.engine.listRuns({ workflowId: "payment-reminder" });
    expect(run?.output).toEqual({ outcome: "paid", sent: 2 });
  });
});
