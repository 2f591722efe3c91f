import { describe, expect, it } from "vitest";
import { twilioConnector } from "../../../connectors/twilio/index.js";
import { phiProblems } from "../acuity/helpers/phi-sample.js";

describe("twilio connector manifest", () => {
  it("declares the BAA condition (edition + signed BAA) and the data it receives", () => {
    expect(twilioConnector.id).toBe("twilio");
    expect(twilioConnector.baa.offered).toBe(true);
    expect(twilioConnector.baa.mustAttest).toMatch(/Security or Enterprise Edition/);
    expect(twilioConnector.baa.mustAttest).toMatch(/BAA signed/);
    expect([...twilioConnector.receives].sort()).toEqual(["contact", "first-name", "message-body", "schedule"]);
  });

  it("declares sending as not idempotent and listing as idempotent", () => {
    expect(twilioConnector.actions.map((a) => `${a.id}:${a.idempotent}`)).toEqual(["send-sms:false", "list-messages:true"]);
  });

  it.each(twilioConnector.triggers.map((t) => [t.id, t] as const))("trigger %s is a webhook with a reason and a PHI-free sample", (_id, trigger) => {
    expect(trigger.strategy).toBe("webhook");
    expect(trigger.why.length).toBeGreaterThan(40);
    expect(phiProblems(trigger.sample)).toEqual([]);
  });
});
