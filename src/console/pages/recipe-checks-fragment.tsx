/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { RecipeFinding } from "../../automations/check-recipe.js";
import type { FieldErrors } from "../forms.js";

/**
 * The editor's checks column (and the live lint fragment that replaces it): first what the form
 * still needs, then each finding of the recipe check with the step it is about and the fix.
 */
export interface RecipeChecks {
  /** The form's own problems (the recipe cannot be checked further until they are fixed). */
  errors: FieldErrors;
  findings: RecipeFinding[];
  /** Where each step sits, by its short name (stepPlaces). */
  places: Map<string, string>;
}

export function FindingList(props: { findings: RecipeFinding[]; places: Map<string, string> }) {
  // A finding that does not name its step already is told where the step sits.
  const where = (f: RecipeFinding) => (f.stepId && !f.message.includes(`"${f.stepId}"`) ? `${capital(props.places.get(f.stepId) ?? `step ${f.stepId}`)}: ` : "");
  return (
    <ul class="findings">
      {props.findings.map((f) => (
        <li class={f.severity} data-step={f.stepId ?? ""}>
          <strong>{f.severity === "error" ? "Must fix" : "Check"}</strong> {where(f)}
          {f.message}
          {f.fix ? <span class="fix"> Fix: {f.fix}</span> : null}
        </li>
      ))}
    </ul>
  );
}

const capital = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

export function RecipeChecksFragment(props: { checks: RecipeChecks }) {
  const { errors, findings, places } = props.checks;
  const problems = Object.values(errors);
  if (problems.length) {
    return (
      <div class="lint-findings" data-checks="incomplete">
        <p>Finish the form first:</p>
        <ul>
          {problems.map((message) => (
            <li class="error">{message}</li>
          ))}
        </ul>
      </div>
    );
  }
  const mustFix = findings.filter((f) => f.severity === "error").length;
  return (
    <div class="lint-findings" data-checks={mustFix ? "errors" : "ok"}>
      {findings.length ? <FindingList findings={findings} places={places} /> : null}
      <p class="small">{mustFix ? `${mustFix} problem${mustFix === 1 ? "" : "s"} to fix before it can be turned on.` : findings.length ? "Nothing blocks turning it on; look at the points marked Check." : "No problems found: it can be turned on once saved."}</p>
    </div>
  );
}
