import { SelectQueryNode, TableNode, type CompiledQuery } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

const TWO_TOUCHES = { reminders: { touches: ["72h", "24h"], replyTouch: "24h" } };

/**
 * Counts the workflows' reads of the store (not the engine's), by the table each reads from. It
 * counts at the executor, where every statement passes, whether built afresh or compiled once and
 * run again with new values (src/store/prepared-query.ts).
 */
function countStoreReads(s: Scenario): Record<string, number> {
  const counts: Record<string, number> = {};
  const db = s.services.store.db.withPlugin({ transformQuery: ({ node }) => node, transformResult: async ({ result }) => result });
  const executor = db.getExecutor();
  const execute = executor.executeQuery.bind(executor);
  executor.executeQuery = ((compiled: CompiledQuery) => {
    if (SelectQueryNode.is(compiled.query)) {
      for (const from of compiled.query.from?.froms ?? []) if (TableNode.is(from)) counts[from.table.identifier.name] = (counts[from.table.identifier.name] ?? 0) + 1;
    }
    return execute(compiled);
  }) as typeof executor.executeQuery;
  s.services.store = { ...s.services.store, db };
  return counts;
}

describe("a reminder's reads of the store", () => {
  it("reads the contact once for the decision and the question, and the booking's stay once for the steps sharing a read", async () => {
    scenario = await openScenario(TWO_TOUCHES);
    const s = scenario;
    const reads = countStoreReads(s);
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    // The sync writes the contact without reading it; the reminder reads it once for the
    // decision and the question its text asks.
    expect(reads.contacts).toBe(1);
    // The sync reads what it saw of the appointment; the reminder reads the booking's stay once for
    // the skipped touch, the sent one and the wait for the answer, which share one appointment read.
    expect(reads.sync_seen).toBe(2);
    // An earlier attempt of this message, and the texts the caps count (by patient and phone at once).
    expect(reads.outbound_messages).toBe(2);
    // The sync asks the ledger once whether it may import the intake form's consent; the send reads
    // the latest consent to decide.
    expect(reads.consents).toBe(2);
    // The questions of earlier plans to close; the new question is opened without reading it back.
    expect(reads.prompts).toBe(1);
  });
});

describe("a sync's reads of the automations", () => {
  it("reads the active automations once for a page of appointments, not once per appointment", async () => {
    scenario = await openScenario(TWO_TOUCHES);
    const s = scenario;
    const reads = countStoreReads(s);
    for (const offset of [20, 21, 22]) await createAppointment(s.fhir, (await createPatient(s.fhir)).ref, at(BASE, hours(offset)));
    await s.sync();
    expect(s.sms.sent).toHaveLength(3);
    // One for the page of three appointments, one for the scheduled automations, one for the EHR's waitlist.
    expect(reads.automation_recipes).toBe(3);
  });
});
