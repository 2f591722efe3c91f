import { describe, expect, it } from "vitest";
import { acuityConnector } from "../../../connectors/acuity/index.js";
import { phiProblems } from "./helpers/phi-sample.js";

describe("acuity connector manifest", () => {
  it("declares that Acuity signs no BAA and what the practice must document", () => {
    expect(acuityConnector.id).toBe("acuity");
    expect(acuityConnector.baa.offered).toBe(false);
    expect(acuityConnector.baa.mustAttest).toMatch(/does not sign a BAA/);
    expect(acuityConnector.baa.mustAttest).toMatch(/documented/);
    expect([...acuityConnector.receives].sort()).toEqual(["contact", "financial", "first-name", "reference", "schedule"]);
  });

  it("lists a webhook trigger, its polling fallback and an idempotent cancel", () => {
    expect(acuityConnector.triggers.map((t) => `${t.id}:${t.strategy}`)).toEqual(["appointment-changed:webhook", "appointments-window:polling"]);
    expect(acuityConnector.actions.map((a) => `${a.id}:${a.idempotent}`)).toEqual(["cancel-appointment:true"]);
  });

  it.each(acuityConnector.triggers.map((t) => [t.id, t] as const))("trigger %s says why and ships a PHI-free sample", (_id, trigger) => {
    expect(trigger.why.length).toBeGreaterThan(40);
    expect(trigger.sample).toBeTruthy();
    expect(phiProblems(trigger.sample)).toEqual([]);
  });

  it("uses the auth schema that checks user id and key", () => {
    expect(acuityConnector.auth.safeParse({ userId: "1", apiKey: "k" }).success).toBe(true);
    expect(acuityConnector.auth.safeParse({ userId: "1" }).success).toBe(false);
  });
});
