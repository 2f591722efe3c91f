import { afterEach, describe, expect, it } from "vitest";
import { at, BASE, createAppointment, createPatient, hours } from "../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

describe("e2e: STOP by signed webhook", () => {
  it("STOP after the first touch stops every later message to that phone, and only that phone", async () => {
    stack = await openStack({ reminders: { touches: ["72h", "24h"], replyTouch: "24h" } });
    const { scenario: s } = stack;
    const stopper = await createPatient(s.fhir);
    const other = await createPatient(s.fhir);
    const start = at(BASE, hours(73));
    await createAppointment(s.fhir, stopper.ref, start);
    await createAppointment(s.fhir, other.ref, at(start, hours(1)), { practitioner: "prac-2" });
    await s.sync();
    s.setNow(at(BASE, hours(2)));
    await s.drain();
    expect(stack.sentTo(stopper.phone)).toHaveLength(1); // the 72h touch

    s.setNow(at(BASE, hours(3)));
    const res = await stack.reply(stopper.phone, "STOP");
    expect(res.status).toBe(200);
    // The one message allowed after STOP is the unsubscribe confirmation itself.
    const afterStop = stack.sentTo(stopper.phone).length;
    expect(afterStop).toBe(2);
    expect(stack.sentTo(stopper.phone)[1]?.body).toContain("You are unsubscribed");
    const optedOut = await s.services.store.db.selectFrom("events").select("type").where("type", "=", "patient.opted_out").execute();
    expect(optedOut).toHaveLength(1);

    for (const h of [49, 50, 72, 74, 80]) {
      s.setNow(at(BASE, hours(h))); // past the 24h touch of both appointments and past both starts
      await s.drain();
      await s.sync();
    }
    expect(stack.sentTo(stopper.phone)).toHaveLength(afterStop);
    expect(stack.sentTo(stopper.phone).filter((m) => m.body.includes("Reply C"))).toHaveLength(0);
    // The other patient's plan carries on: the STOP was about one phone, not the practice.
    expect(stack.sentTo(other.phone).length).toBeGreaterThanOrEqual(2);
    const skipped = await s.services.store.db.selectFrom("audit_log").select(["reasons"]).where("action", "=", "message.skipped").execute();
    expect(skipped.map((r) => r.reasons).join(",")).toMatch(/revoked|opted|consent/);
  });
});
