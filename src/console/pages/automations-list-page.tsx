/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { StoredRecipe } from "../../automations/recipe.js";
import type { AutomationCounts } from "../../store/automation-runs.js";
import { ActionButton, DataTable } from "../components/blocks.js";
import { Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import { INTENT_WORDS, triggerWords } from "../data/recipe-words.js";

/** Every automation with its switch and what it has done so far. */
export interface AutomationRow {
  stored: StoredRecipe;
  counts: AutomationCounts;
}

export function OnOffTag(props: { active: boolean }) {
  return props.active ? <Tag words="On" tone="ok" /> : <Tag words="Off" tone="muted" />;
}

export function RepliesWords(props: { replies: Record<string, number> }) {
  const entries = Object.entries(props.replies).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return <span class="muted">none yet</span>;
  return (
    <ul class="lines">
      {entries.map(([intent, n]) => (
        <li>
          {n} · {INTENT_WORDS[intent] ?? intent}
        </li>
      ))}
    </ul>
  );
}

export function AutomationsListPage(props: { page: PageContext; rows: AutomationRow[] }) {
  return (
    <Layout page={props.page} title="Automations" current="/automations">
      <h1>Automations</h1>
      <p>
        An automation texts patients or tells staff when something happens: a no-show, a new booking, a visit that ended. Every text it sends follows the same rules as the reminders (consent, quiet hours, how many texts a patient gets). An automation only runs while it is on, and it can only be turned on once its checks pass.
      </p>
      <p class="actions">
        <a href="/automations/new" role="button">
          New automation
        </a>
      </p>
      {props.rows.length === 0 ? <p>No automations yet.</p> : (
      <DataTable caption="Automations, whether each is on, and what each has done" columns={["Automation", "Starts", "Status", "Runs", "Texts sent", "Replies", ""]}>
        {props.rows.map(({ stored, counts }) => (
          <tr data-recipe={stored.id}>
            <td data-label="Automation">
              <a href={`/automations/${stored.id}`}>{stored.recipe.name}</a>
              {stored.shipped ? (
                <>
                  {" "}
                  <Tag words="Example" tone="info" />
                </>
              ) : null}
              {stored.recipe.description ? <span class="small muted block">{stored.recipe.description}</span> : null}
            </td>
            <td data-label="Starts">{triggerWords(stored.recipe)}</td>
            <td data-label="Status">
              <OnOffTag active={stored.active} />
            </td>
            <td data-label="Runs">{counts.runs}</td>
            <td data-label="Texts sent">{counts.sends}</td>
            <td data-label="Replies">
              <RepliesWords replies={counts.replies} />
            </td>
            <td>
              {stored.active ? (
                <ActionButton page={props.page} action={`/automations/${stored.id}/off`} label={`Turn off`} look="outline" confirm={`Turn off "${stored.recipe.name}"? Runs already started finish; no new ones start.`} />
              ) : (
                <ActionButton page={props.page} action={`/automations/${stored.id}/on`} label="Turn on" look="secondary" />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      )}
    </Layout>
  );
}
