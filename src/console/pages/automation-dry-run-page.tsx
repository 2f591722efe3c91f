/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SimulationRow } from "../../automations/simulate.js";
import type { StoredRecipe } from "../../automations/recipe.js";
import { DataTable } from "../components/blocks.js";
import { Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import { LANGUAGE_WORDS, stepPlaces } from "../data/recipe-words.js";
import type { Tone } from "../words.js";

/**
 * The dry run: what the automation would do over the next days of the real schedule, without
 * sending or writing anything. Each row is one step for one patient (masked), when it would
 * happen in the practice's time, and whether it would send, wait (deferred) or be skipped, and why.
 */
const OUTCOME: Record<SimulationRow["outcome"], { words: string; tone: Tone }> = {
  "would-send": { words: "Would send", tone: "ok" },
  deferred: { words: "Would wait", tone: "wait" },
  skipped: { words: "Would skip", tone: "bad" },
};

export function AutomationDryRunPage(props: { page: PageContext; stored: StoredRecipe; rows: SimulationRow[]; days: number; when: (at: Date) => string; zone: string }) {
  const { stored, rows } = props;
  const places = stepPlaces(stored.recipe);
  const count = (outcome: SimulationRow["outcome"]) => rows.filter((r) => r.outcome === outcome).length;
  return (
    <Layout page={props.page} title={`Dry run: ${stored.recipe.name}`} current="/automations">
      <p class="back-link">
        <a href={`/automations/${stored.id}`}>Back to the automation</a>
      </p>
      <h1>Dry run: {stored.recipe.name}</h1>
      <p>
        What version {stored.version} would do over the next {props.days} days of your real schedule if it were on. Nothing is sent and nothing is written. Patients are masked; times are in the practice's time ({props.zone}).
      </p>
      <ul class="counts">
        <li>
          <strong>{count("would-send")}</strong> would send
        </li>
        <li>
          <strong>{count("deferred")}</strong> would wait
        </li>
        <li>
          <strong>{count("skipped")}</strong> would skip
        </li>
      </ul>
      {rows.length === 0 ? (
        <p>Nothing on the schedule in the next {props.days} days would start this automation.</p>
      ) : (
        <DataTable caption="What the automation would do, step by step" columns={["When", "Patient", "Step", "Language", "Result", "Why"]}>
          {rows.map((row) => {
            const outcome = OUTCOME[row.outcome];
            return (
              <tr data-outcome={row.outcome}>
                <td data-label="When">{props.when(row.at)}</td>
                <td data-label="Patient">{row.who}</td>
                <td data-label="Step">{places.get(row.stepId) ?? row.stepId}</td>
                <td data-label="Language">{LANGUAGE_WORDS[row.variant] ?? (row.variant || "—")}</td>
                <td data-label="Result">
                  <Tag words={outcome.words} tone={outcome.tone} />
                </td>
                <td data-label="Why">{row.reason || "Nothing stops it"}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </Layout>
  );
}
