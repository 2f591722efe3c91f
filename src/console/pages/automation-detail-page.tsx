/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { RecipeFinding } from "../../automations/check-recipe.js";
import type { StoredRecipe } from "../../automations/recipe.js";
import type { AutomationCounts, AutomationRun } from "../../store/automation-runs.js";
import { ActionButton, DataTable } from "../components/blocks.js";
import { Notice } from "../components/form-fields.js";
import { Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import { conditionWords, INTENT_WORDS, outcomeWords, stepPlaces, stepWords, triggerWords } from "../data/recipe-words.js";
import { OnOffTag, RepliesWords } from "./automations-list-page.js";
import { FindingList } from "./recipe-checks-fragment.js";

/**
 * One automation: what it does in words, its switch, why it was refused if it was, its counts,
 * and its runs, each with the version it started on (an edit affects new runs only).
 */
export interface DetailProps {
  page: PageContext;
  stored: StoredRecipe;
  counts: AutomationCounts;
  runs: AutomationRun[];
  locationName: (id: string) => string;
  when: (at: Date) => string;
  /** The check's findings when turning it on was refused. */
  refused?: RecipeFinding[] | undefined;
  notice?: string | undefined;
}

function Summary(props: { stored: StoredRecipe; locationName: (id: string) => string }) {
  const { recipe } = props.stored;
  const conditions = conditionWords(recipe, props.locationName);
  return (
    <section class="card" aria-labelledby="what-title">
      <h2 id="what-title">What it does</h2>
      <p>{triggerWords(recipe)}, for {conditions.length ? "patients who match all of these:" : "every patient."}</p>
      {conditions.length ? (
        <ul>
          {conditions.map((words) => (
            <li>{words}</li>
          ))}
        </ul>
      ) : null}
      <ol class="summary-steps">
        {recipe.steps.map((step) => (
          <li>
            {stepWords(step)} <span class="small muted">({step.id})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function History(props: { runs: AutomationRun[]; version: number; when: (at: Date) => string }) {
  const versions = new Set(props.runs.map((r) => r.version));
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Runs</h2>
      <p class="small muted">
        Newest first. Each run keeps the version it started on: after an edit, runs already under way finish on their version and new runs use version {props.version}.
        {versions.size > 1 ? ` Runs on ${versions.size} versions are shown.` : ""}
      </p>
      {props.runs.length === 0 ? (
        <p>No runs yet.</p>
      ) : (
        <DataTable caption="Runs of this automation, newest first" columns={["Started", "Version", "For", "Texts sent", "Reply", "Outcome"]}>
          {props.runs.map((run) => {
            const outcome = outcomeWords(run.outcome);
            return (
              <tr data-run={run.runKey} data-version={String(run.version)}>
                <td data-label="Started">{props.when(run.startedAt)}</td>
                <td data-label="Version">
                  {`Version ${run.version}`}
                  {run.version !== props.version ? <span class="small muted block">an earlier version</span> : null}
                </td>
                <td data-label="For" class="long-words">
                  {run.subjectRef}
                </td>
                <td data-label="Texts sent">{run.sends}</td>
                <td data-label="Reply">{run.replyIntent ? (INTENT_WORDS[run.replyIntent] ?? run.replyIntent) : <span class="muted">none</span>}</td>
                <td data-label="Outcome">
                  <Tag words={outcome.words} tone={outcome.tone} />
                  {run.finishedAt ? <span class="small muted block">{props.when(run.finishedAt)}</span> : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

export function AutomationDetailPage(props: DetailProps) {
  const { stored, counts } = props;
  const base = `/automations/${stored.id}`;
  return (
    <Layout page={props.page} title={stored.recipe.name} current="/automations">
      <p class="back-link">
        <a href="/automations">All automations</a>
      </p>
      <h1>
        {stored.recipe.name} <OnOffTag active={stored.active} />
        {stored.shipped ? <Tag words="Example" tone="info" /> : null}
      </h1>
      <Notice message={props.notice} />
      {props.refused ? (
        <div class="error-summary" role="alert" tabindex={-1} data-autofocus data-refused>
          <h2>It was not turned on</h2>
          <p>The checks found problems that must be fixed first. Edit the automation, then try again.</p>
          <FindingList findings={props.refused} places={stepPlaces(stored.recipe)} />
        </div>
      ) : null}
      {stored.recipe.description ? <p>{stored.recipe.description}</p> : null}
      <p class="small muted">
        Version {stored.version}, last changed {props.when(stored.updatedAt)}.{stored.shipped && !stored.active ? " An example minnow ships: it does nothing until you turn it on." : ""}
      </p>
      <div class="actions">
        {stored.active ? (
          <ActionButton page={props.page} action={`${base}/off`} label="Turn off" look="outline" confirm="Turn it off? Runs already started finish; no new ones start." />
        ) : (
          <ActionButton page={props.page} action={`${base}/on`} label="Turn on" />
        )}
        <a href={`${base}/edit`} role="button" class="secondary">
          Edit
        </a>
        <a href={`${base}/dry-run`} role="button" class="secondary outline">
          Try it on the next 7 days
        </a>
      </div>
      <Summary stored={stored} locationName={props.locationName} />
      <ul class="counts">
        <li>
          <strong>{counts.runs}</strong> runs
        </li>
        <li>
          <strong>{counts.sends}</strong> texts sent
        </li>
        <li>
          <strong>{Object.values(counts.replies).reduce((a, b) => a + b, 0)}</strong> replies
          {Object.keys(counts.replies).length ? <RepliesWords replies={counts.replies} /> : null}
        </li>
      </ul>
      <History runs={props.runs} version={stored.version} when={props.when} />
    </Layout>
  );
}
