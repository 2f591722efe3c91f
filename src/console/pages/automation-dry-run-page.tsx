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

/** Rows in order, one group per day of the practice's calendar. */
function byDay(rows: readonly SimulationRow[], day: (at: Date) => string): Array<{ day: string; rows: SimulationRow[] }> {
  const groups: Array<{ day: string; rows: SimulationRow[] }> = [];
  for (const row of rows) {
    const label = day(row.at);
    const last = groups.at(-1);
    if (last?.day === label) last.rows.push(row);
    else groups.push({ day: label, rows: [row] });
  }
  return groups;
}

/** The reasons steps would wait or be skipped, most common first, with how many. */
function reasonCounts(rows: readonly SimulationRow[]): Array<{ outcome: SimulationRow["outcome"]; reason: string; count: number }> {
  const counts = new Map<string, { outcome: SimulationRow["outcome"]; reason: string; count: number }>();
  for (const row of rows) {
    if (row.outcome === "would-send") continue;
    const key = `${row.outcome}\u0000${row.cause}`;
    const entry = counts.get(key) ?? { outcome: row.outcome, reason: row.cause, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

export function AutomationDryRunPage(props: { page: PageContext; stored: StoredRecipe; rows: SimulationRow[]; days: number; day: (at: Date) => string; time: (at: Date) => string; zone: string }) {
  const { stored, rows } = props;
  const places = stepPlaces(stored.recipe);
  const count = (outcome: SimulationRow["outcome"], among: readonly SimulationRow[] = rows) => among.filter((r) => r.outcome === outcome).length;
  const reasons = reasonCounts(rows);
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
      {reasons.length > 0 && (
        <section aria-labelledby="dry-run-why">
          <h2 id="dry-run-why">Why steps would wait or skip</h2>
          <ul class="dry-run-reasons">
            {reasons.map((entry) => (
              <li>
                <Tag words={OUTCOME[entry.outcome].words} tone={OUTCOME[entry.outcome].tone} /> <strong>{entry.count}×</strong> {entry.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {rows.length === 0 ? (
        <p>Nothing on the schedule in the next {props.days} days would start this automation.</p>
      ) : (
        byDay(rows, props.day).map((group) => (
          <section class="dry-run-day">
            <h2>
              {group.day}: {count("would-send", group.rows)} would send, {count("deferred", group.rows)} would wait, {count("skipped", group.rows)} would skip
            </h2>
            <DataTable caption={`What the automation would do on ${group.day}, step by step`} columns={["Time", "Patient", "Step", "Language", "Result", "Why"]}>
              {group.rows.map((row) => {
                const outcome = OUTCOME[row.outcome];
                return (
                  <tr data-outcome={row.outcome}>
                    <td data-label="Time">{props.time(row.at)}</td>
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
          </section>
        ))
      )}
    </Layout>
  );
}
