/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { FieldErrors } from "../forms.js";

/**
 * Labelled form fields in the GOV.UK pattern: the label, an optional hint, the error (if any)
 * right above the control, and the control tied to both by aria-describedby.
 */
export interface Option {
  value: string;
  label: string;
}

const fieldId = (name: string): string => `f-${name}`;

function describedBy(name: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : "", error ? `${fieldId(name)}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Message(props: { name: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <small id={`${fieldId(props.name)}-hint`} class="hint">
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <p id={`${fieldId(props.name)}-error`} class="field-error">
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

export function TextField(props: FieldProps & { value?: string; type?: string; autocomplete?: string; required?: boolean; inputmode?: "text" | "numeric" | "tel" | "email" | "search" }) {
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={fieldId(props.name)}>{props.label}</label>
      <Message name={props.name} hint={props.hint} error={props.error} />
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      />
    </div>
  );
}

export function TextArea(props: FieldProps & { value?: string; rows?: number; lintUrl?: string; lintTarget?: string }) {
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={fieldId(props.name)}>{props.label}</label>
      <Message name={props.name} hint={props.hint} error={props.error} />
      <textarea
        id={fieldId(props.name)}
        name={props.name}
        rows={props.rows ?? 4}
        data-lint-url={props.lintUrl}
        data-lint-target={props.lintTarget}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      >
        {props.value ?? ""}
      </textarea>
    </div>
  );
}

export function SelectField(props: FieldProps & { options: readonly Option[]; value?: string; blank?: string }) {
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={fieldId(props.name)}>{props.label}</label>
      <Message name={props.name} hint={props.hint} error={props.error} />
      <select id={fieldId(props.name)} name={props.name} aria-invalid={props.error ? "true" : undefined} aria-describedby={describedBy(props.name, props.hint, props.error)}>
        {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes (`multiple`) or radios, in a fieldset whose legend is the question. */
export function Choices(props: FieldProps & { options: readonly Option[]; values: readonly string[]; multiple?: boolean }) {
  return (
    <fieldset class={props.error ? "field has-error" : "field"} id={fieldId(props.name)} aria-describedby={describedBy(props.name, props.hint, props.error)}>
      <legend>{props.label}</legend>
      <Message name={props.name} hint={props.hint} error={props.error} />
      {props.options.map((o) => (
        <label>
          <input type={props.multiple ? "checkbox" : "radio"} name={props.name} value={o.value} checked={props.values.includes(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The GOV.UK error summary: at the top of the form, focused on load, each error a link to its field. */
export function ErrorSummary(props: { errors: FieldErrors | undefined; children?: Child }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary error-banner" role="alert" aria-labelledby="error-summary-title" tabindex={-1} data-autofocus>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{message}</a>
          </li>
        ))}
      </ul>
      {props.children}
    </div>
  );
}

/** A one-line confirmation after an action ("Reply queued"), announced to screen readers. */
export function Notice(props: { message: string | undefined }) {
  if (!props.message) return null;
  return (
    <p class="notice" role="status">
      {props.message}
    </p>
  );
}
