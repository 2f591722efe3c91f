/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { RECIPE_REPLY_INTENTS, RECIPE_TRIGGER_KINDS } from "../../automations/recipe.js";
import { TEMPLATE_LOCALES } from "../../policy/template-formatters.js";
import { Choices, ErrorSummary, SelectField, TextArea, TextField, type Option } from "../components/form-fields.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import { StepList } from "../components/recipe-step-fields.js";
import { SCHEDULE_SHAPES, SHAPE_WORDS, WEEKDAY_NAMES } from "../data/cron-words.js";
import type { RecipeDraft } from "../data/recipe-draft.js";
import { INTENT_WORDS, LANGUAGE_WORDS, TRIGGER_WORDS } from "../data/recipe-words.js";
import type { FieldErrors } from "../forms.js";

/**
 * The automation editor: what starts it, who it is for, and its steps, all as form fields (never
 * a box of JSON). Checks run as the manager types (the fragment at /automations/check) and again
 * when it is saved; a refused save shows the form again as typed, each problem beside its field.
 */
export interface EditorProps {
  page: PageContext;
  /** Undefined for a new automation. */
  id: string | undefined;
  draft: RecipeDraft;
  errors: FieldErrors;
  /** The checks' first rendering (the same fragment live lint replaces). */
  checks: Child;
  /** The configured locations, by id. */
  locations: Option[];
  zone: string;
  version: number | undefined;
  active: boolean;
  /** The step just added or moved, to bring into view. */
  focus?: string | undefined;
}

function TriggerFields(props: { draft: RecipeDraft; errors: FieldErrors; zone: string }) {
  const { trigger } = props.draft;
  const e = props.errors;
  return (
    <fieldset class="card">
      <legend>When it starts</legend>
      <SelectField name="trigger.on" label="Start the automation when" options={RECIPE_TRIGGER_KINDS.map((k) => ({ value: k, label: TRIGGER_WORDS[k] ?? k }))} value={trigger.on} error={e["trigger.on"]} />
      <div class="when-reply">
        <SelectField name="trigger.intent" label="The reply that starts it" options={RECIPE_REPLY_INTENTS.map((i) => ({ value: i, label: INTENT_WORDS[i] ?? i }))} value={trigger.intent} error={e["trigger.intent"]} />
      </div>
      <div class="when-schedule">
        <SelectField name="trigger.every" label="How often" options={SCHEDULE_SHAPES.map((s) => ({ value: s, label: SHAPE_WORDS[s] }))} value={trigger.every} error={e["trigger.every"]} />
        <div class="step-row">
          <div class="when-clock">
            <TextField name="trigger.time" label="At what time" hint={`24-hour, in the practice's time (${props.zone})`} value={trigger.time} error={e["trigger.time"]} />
          </div>
          <div class="when-week">
            <SelectField name="trigger.weekday" label="On which day" options={WEEKDAY_NAMES.map((d, i) => ({ value: String(i), label: d }))} value={trigger.weekday} error={e["trigger.weekday"]} />
          </div>
          <div class="when-month">
            <TextField name="trigger.monthDay" label="Day of the month" hint="1 to 28" value={trigger.monthDay} inputmode="numeric" error={e["trigger.monthDay"]} />
          </div>
        </div>
        <div class="when-cron">
          <TextField name="trigger.cron" label="Cron line" hint="Minute, hour, day of the month, month, day of the week; for example 0 9 15 1 * is January 15 at 9:00 AM." value={trigger.cron} error={e["trigger.cron"]} />
        </div>
        <p class="small muted">A scheduled automation runs for every patient its conditions below select.</p>
      </div>
    </fieldset>
  );
}

function ConditionFields(props: { draft: RecipeDraft; errors: FieldErrors; locations: Option[] }) {
  const c = props.draft.conditions;
  const e = props.errors;
  const known = new Set(props.locations.map((l) => l.value));
  const locations = [...props.locations, ...c.locations.filter((l) => !known.has(l)).map((l) => ({ value: l, label: `${l} (no longer in the config)` }))];
  const languages = [...new Set([...TEMPLATE_LOCALES, ...c.languages])];
  return (
    <fieldset class="card">
      <legend>Who it is for</legend>
      <p class="small muted">Leave a question empty to include everyone. Every answer given must hold for the automation to run.</p>
      <TextField name="conditions.appointmentTypes" label="Appointment types" hint="The type or service codes your EHR or Acuity uses, separated by commas, like new-patient, cleaning." value={c.appointmentTypes} error={e["conditions.appointmentTypes"]} />
      {locations.length ? (
        <Choices name="conditions.locations" label="Locations" options={locations} values={c.locations} multiple error={e["conditions.locations"]} />
      ) : (
        <p class="small">Locations: your practice has one location, so there is nothing to choose.</p>
      )}
      <TextField name="conditions.practitioners" label="Practitioners" hint="Practitioner references from your EHR, separated by commas, like Practitioner/12." value={c.practitioners} error={e["conditions.practitioners"]} />
      <Choices name="conditions.languages" label="Patient's language" options={languages.map((l) => ({ value: l, label: LANGUAGE_WORDS[l] ?? l }))} values={c.languages} multiple error={e["conditions.languages"]} />
      <Choices name="conditions.patient" label="New or returning patients" options={[{ value: "", label: "Both" }, { value: "new", label: "New patients only" }, { value: "returning", label: "Returning patients only" }]} values={[c.patient]} error={e["conditions.patient"]} />
      <div class="step-row">
        <TextField name="conditions.lastVisitMoreThan" label="Last visit more than … ago" hint="Like 330d. Empty: any." value={c.lastVisitMoreThan} error={e["conditions.lastVisitMoreThan"]} />
        <TextField name="conditions.lastVisitLessThan" label="Last visit less than … ago" hint="Like 30d. Empty: any." value={c.lastVisitLessThan} error={e["conditions.lastVisitLessThan"]} />
      </div>
      <TextField name="conditions.reasonCodes" label="Visit reason codes (private health information)" hint="Separated by commas. A reason is always private: minnow allows this only while the automation keeps it inside minnow, and the checks say so." value={c.reasonCodes} error={e["conditions.reasonCodes"]} />
    </fieldset>
  );
}

export function AutomationEditorPage(props: EditorProps) {
  const title = props.id ? `Edit: ${props.draft.name || props.id}` : "New automation";
  const action = props.id ? `/automations/${props.id}/edit` : "/automations/new";
  return (
    <Layout page={props.page} title={title} current="/automations">
      <p class="back-link">
        <a href={props.id ? `/automations/${props.id}` : "/automations"}>{props.id ? "Back to the automation" : "All automations"}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={Object.keys(props.errors).length ? props.errors : undefined}>
        <p class="small">Nothing was saved. Everything you typed is still here.</p>
      </ErrorSummary>
      <div class="two-columns">
        <form method="post" action={action} id="recipe-form" class="recipe-form" data-lint-form="/automations/check" data-lint-target="recipe-checks" novalidate>
          <CsrfField page={props.page} />
          {/* Enter in a field saves, rather than pressing the first move or remove button. */}
          <button type="submit" name="op" value="save" class="visually-hidden" tabindex={-1} aria-hidden="true">
            Save
          </button>
          <fieldset class="card">
            <legend>About</legend>
            <TextField name="name" label="Name" hint="What staff call it, like No-show follow-up." value={props.draft.name} error={props.errors.name} />
            <TextArea name="description" label="Description (optional)" value={props.draft.description} rows={2} error={props.errors.description} />
          </fieldset>
          <TriggerFields draft={props.draft} errors={props.errors} zone={props.zone} />
          <ConditionFields draft={props.draft} errors={props.errors} locations={props.locations} />
          <fieldset class="card" id="f-steps">
            <legend>Steps, in order</legend>
            {props.errors.steps ? <p class="field-error">{props.errors.steps}</p> : null}
            <StepList steps={props.draft.steps} list="steps" errors={props.errors} focus={props.focus} />
          </fieldset>
        </form>
        <section aria-labelledby="checks-title" class="checks-column">
          <h2 id="checks-title">Checks</h2>
          <p class="small muted">Carrier rules, privacy and your business associate agreements, checked as you type. An automation with a problem marked Must fix cannot be turned on.</p>
          <div id="recipe-checks" aria-live="polite">
            {props.checks}
          </div>
          <p class="small muted">
            {props.version ? `Saving adds version ${props.version + 1}. ` : ""}
            {props.active ? "It stays on (unless the checks find a problem that must be fixed, which turns it off): new runs use the new version, runs already started finish on the version they started with." : "Saving does not turn the automation on; you do that from its page once the checks pass."}
          </p>
          {/* Outside the form's markup so that on a phone it comes after the checks; it still submits the form. */}
          <button type="submit" form="recipe-form" name="op" value="save">
            {props.id ? "Save changes" : "Save the automation"}
          </button>
        </section>
      </div>
    </Layout>
  );
}
