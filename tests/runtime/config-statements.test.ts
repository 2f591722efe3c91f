import { afterEach, describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { auditConfigStatements } from "../../src/runtime/audit-config-statements.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

/** The practice's statements in its config are audited as its own, once per change. */
let services: TestServices;
afterEach(() => services.dispose());

const LOWERED = { severity: "warning", categories: ["tobacco"], reason: "Tobacco cessation program, campaign registered as age-gated (C-12)" };
const FROM_EHR = { scopes: ["appointment"], evidence: "Intake form v3", phonesVerified: { evidence: "Front desk confirms each mobile at check-in (FD-12)" } };

const rows = () => services.store.db.selectFrom("audit_log").selectAll().where("actor", "=", "practice:config").orderBy("seq").execute();

describe("auditConfigStatements", () => {
  it("audits a lowered SHAFT-C rule and the phone attestation with their reasons, once until they change", async () => {
    services = await openTestServices({ config: { lint: { prohibitedContent: LOWERED }, consent: { fromEhr: FROM_EHR } } });
    expect(await auditConfigStatements(services)).toBe(2);
    expect(await auditConfigStatements(services)).toBe(0);
    const made = await rows();
    expect(made.map((r) => [r.action, r.subject_ref])).toEqual([
      ["config.statement_made", "config:lint.prohibitedContent"],
      ["config.statement_made", "config:consent.fromEhr.phonesVerified"],
    ]);
    expect(JSON.parse(made[0]?.details ?? "{}")).toEqual({ severity: "warning", categories: "tobacco", reason: LOWERED.reason });

    services.config = parsePracticeConfig({ lint: { prohibitedContent: { ...LOWERED, categories: ["tobacco", "alcohol"] } } });
    expect(await auditConfigStatements(services)).toBe(2); // changed, and the attestation withdrawn
    expect((await rows()).slice(2).map((r) => r.action)).toEqual(["config.statement_made", "config.statement_withdrawn"]);
  });

  it("audits nothing for a config that states nothing", async () => {
    services = await openTestServices();
    expect(await auditConfigStatements(services)).toBe(0);
    expect(await rows()).toHaveLength(0);
  });
});
