import { pullWaitlist } from "../connectors/fhir/pull-waitlist.js";
import { errorKind, log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { activeRecipesFor } from "../src/store/automation-recipes.js";
import { forgetSeen, getSeen, recordSeen } from "../src/store/sync-seen.js";
import { startRecipeRuns, type AutomationRunWorkflow } from "./automation-triggers.js";

/**
 * A patient the EHR puts on its own waitlist (an Appointment with status `waitlist`) starts the
 * recipes listening for `waitlist.joined`, as one staff add to minnow's list. The EHR's waitlist is
 * searched only while such a recipe is on. What the first search after one is turned on finds was
 * there before anyone was watching and starts nothing; after that, each entry starts runs the
 * first time it is seen.
 * An EHR that refuses the search leaves the sync as it was, with a warning.
 */
const SEEN_SOURCE = "fhir-waitlist";
/** Marks that a first search has been done, so later entries are joins seen happen. */
const FIRST_PASS = "(first search done)";

export async function fireEhrWaitlistJoins(services: Services, automationRun: AutomationRunWorkflow): Promise<number> {
  const client = services.sources.fhir;
  if (!client) return 0;
  if ((await activeRecipesFor(services.store, "waitlist.joined")).length === 0) {
    // Turned on again later, a recipe starts from what is on the list then, not from what was added while it was off.
    await forgetSeen(services.store, SEEN_SOURCE, FIRST_PASS);
    return 0;
  }
  const now = services.clock.now();
  const watching = (await getSeen(services.store, SEEN_SOURCE, FIRST_PASS)) !== null;
  const entries = [];
  try {
    for await (const page of pullWaitlist(client)) entries.push(...page.entries);
  } catch (err) {
    log.warn("sync.ehr_waitlist_unreadable", { errorKind: errorKind(err) });
    return 0;
  }
  let started = 0;
  for (const entry of entries) {
    const { change } = await recordSeen(services.store, SEEN_SOURCE, entry.ref, { fingerprint: entry.patientRef, status: "waitlist" }, now);
    if (watching && change === "new") started += await startRecipeRuns(services, automationRun, { kind: "waitlist.joined", subjectRef: entry.ref });
  }
  if (!watching) await recordSeen(services.store, SEEN_SOURCE, FIRST_PASS, { fingerprint: "-", status: "done" }, now);
  return started;
}
