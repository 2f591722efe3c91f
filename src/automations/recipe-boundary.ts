/**
 * The BAA boundary of one recipe: where each step's data goes (a text through Twilio, a write-back
 * to the EHR, an event to REST hooks, the run itself to Trigger.dev), evaluated by evaluateBoundary
 * against the practice's attestations, as the compliance center and `minnow boundary` do. A
 * condition on reason codes (always PHI) makes every flow out of minnow reveal the reason: whoever
 * sees that this recipe acted for a patient learns the patient has it.
 */
import { fhirConnector } from "../../connectors/fhir/index.js";
import { twilioConnector } from "../../connectors/twilio/index.js";
import { hookBoundaryParties, hookPartyId } from "../hooks/boundary.js";
import { evaluateBoundary, type BoundaryCode, type BoundaryParty, type DataClass } from "../policy/baa-boundary.js";
import { phiVariable } from "../policy/phi-dictionary.js";
import { parseTemplate } from "../policy/template-parse.js";
import { connectorParty, triggerEngineParty } from "../runtime/boundary-report.js";
import { runtimeModes } from "../runtime/sandbox-mode.js";
import type { Services } from "../runtime/services.js";
import { listHooks } from "../store/hooks.js";
import type { RecipeFinding } from "./check-recipe.js";
import type { EMIT_FIELDS, Recipe, RecipeStep } from "./recipe.js";
import { recipeSteps, stepLabel } from "./recipe-steps.js";

/** Events a recipe produces are in this namespace: its emit steps' `automation.emitted`, and `automation.run_finished`. */
export const AUTOMATION_EVENT_PREFIX = "automation.";
export const EMITTED_EVENT = "automation.emitted";

interface RecipeFlow {
  stepId: string | null;
  /** Who sends it, for the message: `Step "emit-1" (emit an event)` or "The reason-code condition". */
  origin: string;
  to: string;
  classes: DataClass[];
  fix: string;
}

const EMIT_FIELD_CLASS: Record<(typeof EMIT_FIELDS)[number], DataClass> = {
  "appointment.start": "schedule",
  "location.name": "location",
  "patient.firstName": "first-name",
  "patient.phone": "contact",
};

/** The boundary class of a template variable; an unknown or always-PHI one counts as clinical (when in doubt, it is PHI). */
function variableClass(path: string): DataClass | null {
  const entry = phiVariable(path);
  if (!entry || entry.class === "always") return "clinical";
  if (entry.class === "never") return null;
  if (/^patient\.(firstName|preferredName)$/.test(path)) return "first-name";
  if (/^location\./.test(path)) return "location";
  if (/^(appointment|slot|offer)\./.test(path)) return "schedule";
  return "message-body";
}

function textClasses(step: Extract<RecipeStep, { kind: "send" }>): DataClass[] {
  const classes = new Set<DataClass>(["contact", "message-body"]);
  for (const body of Object.values(step.template)) {
    if (typeof body !== "string") continue;
    try {
      for (const path of parseTemplate(body).variables) {
        const found = variableClass(path);
        if (found) classes.add(found);
      }
    } catch {
      // A text that does not parse is a lint error already; its literal words still go out.
    }
  }
  return [...classes];
}

interface Destinations {
  parties: BoundaryParty[];
  attestations: Services["config"]["baa"];
  sms: BoundaryParty | null;
  ehr: BoundaryParty | null;
  engine: BoundaryParty | null;
  /** REST hooks subscribed to the events recipes produce, with the event each receives. */
  hooks: Array<{ party: BoundaryParty; event: string }>;
}

async function destinations(services: Pick<Services, "env" | "config" | "store">): Promise<Destinations> {
  const modes = runtimeModes(services.env);
  const sms = modes.sandboxSms ? null : connectorParty(twilioConnector);
  const ehr = services.env.FHIR_BASE_URL ? connectorParty(fhirConnector) : null;
  const engine = triggerEngineParty(services.env);
  const hookSide = await hookBoundaryParties(services);
  const partyById = new Map(hookSide.parties.map((p) => [p.id, p] as const));
  const hooks = (await listHooks(services.store))
    .filter((h) => h.event.startsWith(AUTOMATION_EVENT_PREFIX))
    .flatMap((h) => {
      const party = partyById.get(hookPartyId(h.id));
      return party ? [{ party, event: h.event }] : [];
    });
  const parties = [sms, ehr, engine, ...hooks.map((h) => h.party)].filter((p): p is BoundaryParty => p !== null);
  return { parties, attestations: { ...services.config.baa, ...hookSide.attestations }, sms, ehr, engine, hooks };
}

const SIGN = (party: BoundaryParty, key: string) => `sign ${party.displayName}'s BAA and record it under baa.${key} in the practice config (date and reference)`;
const HOOK_FIX = "list the hook's exact URL under hooks.attestedDestinations once a BAA covers it, or unsubscribe the hook";

function stepFlows(recipe: Recipe, to: Destinations, config: Services["config"]): RecipeFlow[] {
  const flows: RecipeFlow[] = [];
  for (const { step } of recipeSteps(recipe)) {
    const origin = stepLabel(step);
    if (step.kind === "send" && to.sms) {
      flows.push({ stepId: step.id, origin, to: to.sms.id, classes: textClasses(step), fix: `Take the patient details out of the text, or ${SIGN(to.sms, to.sms.id)}.` });
    }
    if (step.kind === "write_back" && to.ehr) {
      const body = step.write === "communication" && config.fhir.communications.body === "full";
      flows.push({ stepId: step.id, origin, to: to.ehr.id, classes: body ? ["reference", "message-body"] : ["reference"], fix: `Leave the step out, or ${SIGN(to.ehr, to.ehr.id)}.` });
    }
    if (step.kind === "emit") {
      const classes: DataClass[] = ["reference", ...step.fields.map((field) => EMIT_FIELD_CLASS[field])];
      for (const { party } of to.hooks.filter((h) => h.event === EMITTED_EVENT)) flows.push({ stepId: step.id, origin, to: party.id, classes, fix: `Remove the patient fields from the step (hooks outside the BAA get references only), or ${HOOK_FIX}.` });
    }
  }
  return flows;
}

/** With a reason-code condition, that the recipe acted at all tells each party outside minnow the reason. */
function reasonFlows(recipe: Recipe, to: Destinations): RecipeFlow[] {
  if (!recipe.conditions.reasonCodes) return [];
  const origin = "The reason-code condition";
  const drop = "Remove the reason-code condition";
  const flows: RecipeFlow[] = [];
  const sends = recipeSteps(recipe).some(({ step }) => step.kind === "send");
  if (sends && to.sms) flows.push({ stepId: null, origin, to: to.sms.id, classes: ["clinical"], fix: `${drop} (only patients with these reasons would get its texts), or ${SIGN(to.sms, to.sms.id)}.` });
  if (to.engine) flows.push({ stepId: null, origin, to: to.engine.id, classes: ["reference", "clinical"], fix: `${drop} (the engine sees which patients' runs go on), run on the embedded engine, or ${SIGN(to.engine, to.engine.id)}.` });
  for (const { party } of to.hooks) flows.push({ stepId: null, origin, to: party.id, classes: ["reference", "clinical"], fix: `${drop} (the hook learns for which patients the recipe ran), or ${HOOK_FIX}.` });
  return flows;
}

/** Findings about a flow itself; a party's own paperwork (an undated BAA) belongs to the compliance center. */
const FLOW_CODES = new Set<BoundaryCode>(["phi-outside-baa", "phi-outside-baa-acknowledged", "unknown-party", "unknown-data-class"]);

export async function recipeBoundaryFindings(services: Pick<Services, "env" | "config" | "store">, recipe: Recipe): Promise<RecipeFinding[]> {
  const to = await destinations(services);
  const flows = [...stepFlows(recipe, to, services.config), ...reasonFlows(recipe, to)];
  return flows.flatMap((flow) =>
    evaluateBoundary({ parties: to.parties, attestations: to.attestations, flows: [{ to: flow.to, classes: flow.classes, automation: recipe.name }] })
      .filter((f) => FLOW_CODES.has(f.code) && f.severity !== "info")
      .map((f): RecipeFinding => ({ stepId: flow.stepId, severity: f.severity === "error" ? "error" : "warning", message: `${flow.origin}: ${f.message}.`, fix: f.severity === "error" ? flow.fix : `Nothing blocks activation (the practice acknowledged it); to close it: ${flow.fix}` })),
  );
}
