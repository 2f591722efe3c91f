/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { EMIT_FIELDS, RECIPE_REPLY_INTENTS } from "../../automations/recipe.js";
import { TEMPLATE_PURPOSES } from "../../policy/lint-rules/types.js";
import { TEMPLATE_LOCALES } from "../../policy/template-formatters.js";
import type { FieldErrors } from "../forms.js";
import type { StepDraft } from "../data/recipe-draft.js";
import { SIMPLE_STEP_KINDS, STEP_KINDS } from "../data/recipe-edits.js";
import { EMIT_FIELD_WORDS, FROM_WORDS, INTENT_WORDS, LANGUAGE_WORDS, purposeWords, STEP_KIND_WORDS, WRITE_WORDS } from "../data/recipe-words.js";
import { Choices, SelectField, TextArea, TextField, type Option } from "./form-fields.js";

/**
 * The editor's steps: each a card with its own fields, buttons to move or remove it, and under a
 * "wait for a reply" step its reply branches and its no-reply branch, each holding simple steps.
 * The buttons post the form (`op`), so the page rebuilds the steps with everything typed kept,
 * and brings the step just added or moved into view (`focus`).
 */
const options = (values: readonly string[], words: (value: string) => string): Option[] => values.map((value) => ({ value, label: words(value) }));

function EditButton(props: { op: string; label: string; words: string }) {
  return (
    <button type="submit" name="op" value={props.op} class="secondary outline" aria-label={props.label} formnovalidate>
      {props.words}
    </button>
  );
}

/** "Add a step: [kind] [Add]" under a list of steps. */
export function AddStep(props: { list: string; kinds: readonly string[]; label: string }) {
  return (
    <div class="add-step">
      <SelectField name={`newkind.${props.list}`} label={props.label} options={options(props.kinds, (k) => STEP_KIND_WORDS[k] ?? k)} value="send" />
      <EditButton op={`add:${props.list}`} label={props.label} words="Add" />
    </div>
  );
}

function KindFields(props: { step: StepDraft; at: string; errors: FieldErrors; focus: string | undefined }) {
  const { step, at, errors } = props;
  const name = (field: string) => `${at}.${field}`;
  switch (step.kind) {
    case "wait":
      return (
        <div class="step-row">
          <TextField name={name("duration")} label="How long" hint="A number and a unit: 90m, 24h, 3d" value={step.duration} error={errors[name("duration")]} />
          <SelectField name={name("direction")} label="Before or after" options={options(["after", "before"], (d) => d)} value={step.direction} error={errors[name("direction")]} />
          <SelectField name={name("from")} label="Counting from when" options={options(Object.keys(FROM_WORDS), (f) => FROM_WORDS[f] ?? f)} value={step.from} error={errors[name("from")]} />
        </div>
      );
    case "send": {
      const languages = [...new Set([...TEMPLATE_LOCALES, ...Object.keys(step.body)])];
      return (
        <>
          <SelectField name={name("purpose")} label="What the text is for" hint="The checks apply this purpose's rules (consent, what the text may say)." options={options(TEMPLATE_PURPOSES, purposeWords)} value={step.purpose} blank="Choose…" error={errors[name("purpose")]} />
          {languages.map((lang) => (
            <TextArea
              name={name(`body.${lang}`)}
              label={`Text in ${LANGUAGE_WORDS[lang] ?? lang}${lang === "en" ? "" : " (optional)"}`}
              hint={lang === "en" ? "Details in double braces are filled in for each patient, like {{patient.firstName}} or {{practice.name}}." : "Patients who read this language get it; others get the English text."}
              value={step.body[lang] ?? ""}
              rows={3}
              error={errors[name(`body.${lang}`)]}
            />
          ))}
        </>
      );
    }
    case "write_back":
      return <SelectField name={name("write")} label="What to write back" options={options(Object.keys(WRITE_WORDS), (w) => WRITE_WORDS[w] ?? w)} value={step.write} error={errors[name("write")]} />;
    case "emit":
      return (
        <>
          <TextField name={name("event")} label="Event name" hint="Lower-case letters, digits and underscores, like no_show_followed_up. REST hooks subscribed to it receive it." value={step.event} error={errors[name("event")]} />
          <Choices name={name("fields")} label="Details to include besides references" hint="Leave all unticked to send references only. Each detail ticked is checked against your business associate agreements." options={options(EMIT_FIELDS, (f) => EMIT_FIELD_WORDS[f] ?? f)} values={step.fields} multiple error={errors[name("fields")]} />
        </>
      );
    case "waitlist":
      return <SelectField name={name("action")} label="Waitlist" options={[{ value: "add", label: "Add the patient to the waitlist" }, { value: "remove", label: "Take the patient off the waitlist" }]} value={step.action} error={errors[name("action")]} />;
    case "inbox":
      return <TextField name={name("note")} label="Note for staff" hint="What the staff member should do. No patient details: the inbox item links to the patient." value={step.note} error={errors[name("note")]} />;
    case "wait_for_reply":
      return <ReplyFields step={step} at={at} errors={errors} focus={props.focus} />;
    default:
      return <p class="small muted">This step needs nothing more.</p>;
  }
}

function ReplyFields(props: { step: StepDraft; at: string; errors: FieldErrors; focus: string | undefined }) {
  const { step, at, errors, focus } = props;
  return (
    <>
      <TextField name={`${at}.within`} label="Wait for a reply for up to" hint="A number and a unit, like 2d. After that the no-reply steps run." value={step.within} error={errors[`${at}.within`]} />
      {errors[`${at}.branches`] ? <p class="field-error">{errors[`${at}.branches`]}</p> : null}
      {step.branches.map((branch, j) => {
        const b = `${at}.branches.${j}`;
        return (
          <section class="branch" aria-label={`If the reply is ${INTENT_WORDS[branch.intent] ?? branch.intent}`}>
            <div class="step-head">
              <SelectField name={`${b}.intent`} label="If the patient's reply means" options={options(RECIPE_REPLY_INTENTS, (i) => INTENT_WORDS[i] ?? i)} value={branch.intent} error={errors[`${b}.intent`]} />
              <EditButton op={`remove:${b}`} label={`Remove the branch for ${INTENT_WORDS[branch.intent] ?? branch.intent}`} words="Remove branch" />
            </div>
            <StepList steps={branch.steps} list={`${b}.steps`} errors={errors} focus={focus} nested />
          </section>
        );
      })}
      <p>
        <EditButton op={`add-branch:${at}`} label="Add a branch for another reply" words="Add a branch for another reply" />
      </p>
      <section class="branch" aria-label="If there is no reply">
        <h4>If there is no reply in time</h4>
        <StepList steps={step.timeout} list={`${at}.timeout`} errors={errors} focus={focus} nested />
      </section>
    </>
  );
}

/** The steps of one list, numbered, then the control to add another. */
export function StepList(props: { steps: StepDraft[]; list: string; errors: FieldErrors; focus: string | undefined; nested?: boolean }) {
  const { steps, list, errors } = props;
  return (
    <>
      {steps.length ? (
        <ol class="steps">
          {steps.map((step, i) => {
            const at = `${list}.${i}`;
            const title = `${props.nested ? "Then" : `Step ${i + 1}`}: ${STEP_KIND_WORDS[step.kind] ?? step.kind}`;
            return (
              <li class="card step" data-step={step.id} {...(props.focus === at ? { "data-autofocus": "", tabindex: -1 } : {})}>
                <div class="step-head">
                  <h3>{title}</h3>
                  <div class="actions">
                    {i > 0 ? <EditButton op={`up:${at}`} label={`Move ${step.id} up`} words="Move up" /> : null}
                    {i < steps.length - 1 ? <EditButton op={`down:${at}`} label={`Move ${step.id} down`} words="Move down" /> : null}
                    <EditButton op={`remove:${at}`} label={`Remove ${step.id}`} words="Remove" />
                  </div>
                </div>
                <input type="hidden" name={`${at}.kind`} value={step.kind} />
                <TextField name={`${at}.id`} label="Short name" hint="The checks and the history name the step by it." value={step.id} error={errors[`${at}.id`]} />
                <KindFields step={step} at={at} errors={errors} focus={props.focus} />
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="small muted">{props.nested ? "Nothing: the automation ends here." : "No steps yet."}</p>
      )}
      <AddStep list={list} kinds={props.nested ? SIMPLE_STEP_KINDS : STEP_KINDS} label={props.nested ? "Add a step here" : "Add a step"} />
    </>
  );
}
