/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { TemplateId } from "../../messaging/default-templates.js";
import type { TemplateVersion } from "../../store/template-versions.js";
import { ActionButton, DataTable } from "../components/blocks.js";
import { ErrorSummary, Notice, TextArea } from "../components/form-fields.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { TemplateCheck } from "../data/template-check.js";
import type { DiffPart } from "../data/word-diff.js";
import { TemplateCheckFragment } from "./template-check-fragment.js";

/** The templates studio: every template with its lint state, an editor with live checks, and each template's history. */
export const TEMPLATE_NAMES: Record<TemplateId, string> = {
  "appointment-reminder": "Appointment reminder",
  "appointment-confirm-request": "Reminder asking to confirm (C) or reschedule (R)",
  "reschedule-instructions": "How to reschedule (answer to R)",
  "waitlist-offer": "Waitlist: an earlier time opened",
  "waitlist-booked": "Waitlist: you are booked",
  "waitlist-already-filled": "Waitlist: that time was just taken",
  "payment-reminder": "Payment reminder",
  "staff-call-us": "Staff answer: please call us",
  "staff-noted": "Staff answer: we took care of it",
};

export const LANGUAGE_NAMES: Record<string, string> = { en: "English", es: "Spanish" };

export interface TemplateRow {
  id: TemplateId;
  language: "en" | "es";
  custom: boolean;
  version: TemplateVersion | undefined;
  errors: number;
  warnings: number;
}

const href = (id: string, language: string) => `/templates/${id}/${language}`;

function LintState(props: { errors: number; warnings: number }) {
  if (props.errors) return <Tag words={`${props.errors} to fix`} tone="bad" />;
  if (props.warnings) return <Tag words={`${props.warnings} to check`} tone="wait" />;
  return <Tag words="Passes" tone="ok" />;
}

export function TemplatesListPage(props: { page: PageContext; rows: TemplateRow[]; when: (at: Date) => string }) {
  return (
    <Layout page={props.page} title="Templates" current="/templates">
      <h1>Message templates</h1>
      <p>Every text minnow sends starts from one of these. Each is checked against carrier rules and privacy rules before it can be saved; a change applies to texts decided after you save it.</p>
      <DataTable caption="Message templates by purpose and language" columns={["Template", "Language", "Text in use", "Checks", ""]}>
        {props.rows.map((r) => (
          <tr data-template={`${r.id}.${r.language}`}>
            <td data-label="Template">{TEMPLATE_NAMES[r.id]}</td>
            <td data-label="Language">{LANGUAGE_NAMES[r.language]}</td>
            <td data-label="Text in use">
              {r.custom ? "Your practice's text" : "Built-in text"}
              {r.version ? <span class="small muted">{` · version ${r.version.version}, ${props.when(r.version.createdAt)}`}</span> : null}
            </td>
            <td data-label="Checks">
              <LintState errors={r.errors} warnings={r.warnings} />
            </td>
            <td>
              <a href={href(r.id, r.language)} aria-label={`Edit ${TEMPLATE_NAMES[r.id]} in ${LANGUAGE_NAMES[r.language]}`}>
                Edit
              </a>
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}

export function TemplateEditorPage(props: { page: PageContext; id: TemplateId; language: "en" | "es"; text: string; check: TemplateCheck; current: TemplateVersion | undefined; custom: boolean; when: (at: Date) => string; error?: string | undefined; notice?: string | undefined; status?: number }) {
  const name = `${TEMPLATE_NAMES[props.id]} (${LANGUAGE_NAMES[props.language]})`;
  return (
    <Layout page={props.page} title={name} current="/templates">
      <p class="back-link">
        <a href="/templates">All templates</a>
      </p>
      <h1>{name}</h1>
      <ErrorSummary errors={props.error ? { text: props.error } : undefined} />
      <Notice message={props.notice} />
      <p class="small muted">
        {props.custom ? "In use: your practice's text" : "In use: the built-in text (edit it to make it your own)"}
        {props.current ? `, version ${props.current.version}, saved ${props.when(props.current.createdAt)} by ${whoSaved(props.current.createdBy)}.` : "."}{" "}
        <a href={`${href(props.id, props.language)}/history`}>History and earlier versions</a>
      </p>
      <div class="two-columns">
        <form method="post" action={href(props.id, props.language)}>
          <CsrfField page={props.page} />
          <TextArea
            name="text"
            label="Text of the message"
            hint="Details in double braces are filled in for each patient, e.g. {{patient.firstName}}. Checks below update as you type."
            value={props.text}
            rows={7}
            error={props.error}
            lintUrl={`${href(props.id, props.language)}/check`}
            lintTarget="template-checks"
          />
          <button type="submit">Save as a new version</button>
        </form>
        <section aria-labelledby="checks-title">
          <h2 id="checks-title">Checks and preview</h2>
          <div id="template-checks" aria-live="polite">
            <TemplateCheckFragment check={props.check} />
          </div>
        </section>
      </div>
    </Layout>
  );
}

/** "staff:abc" → "a staff member (abc)"; the config file by name. */
export function whoSaved(by: string): string {
  if (by === "config-file") return "the config file";
  return by.startsWith("staff:") ? `staff member ${by.slice(6, 14)}` : by;
}

export interface HistoryEntry {
  version: TemplateVersion;
  diff: DiffPart[] | null;
  staffEmail: string | undefined;
}

function Diff(props: { parts: DiffPart[] }) {
  return (
    <p class="diff">
      {props.parts.map((p) => (p.kind === "added" ? <ins>{p.text}</ins> : p.kind === "removed" ? <del>{p.text}</del> : <span>{p.text}</span>))}
    </p>
  );
}

export function TemplateHistoryPage(props: { page: PageContext; id: TemplateId; language: "en" | "es"; entries: HistoryEntry[]; builtIn: string; when: (at: Date) => string; notice?: string | undefined }) {
  const name = `${TEMPLATE_NAMES[props.id]} (${LANGUAGE_NAMES[props.language]})`;
  return (
    <Layout page={props.page} title={`History: ${name}`} current="/templates">
      <p class="back-link">
        <a href={href(props.id, props.language)}>Back to the editor</a>
      </p>
      <h1>History: {name}</h1>
      <Notice message={props.notice} />
      <p>Newest first. Each version shows what changed from the one before it: removed words struck through, added words underlined. Restoring an earlier version saves it again as the newest.</p>
      {props.entries.length === 0 ? <p>No versions are recorded yet: minnow records the first when it starts.</p> : null}
      <ol class="history" reversed>
        {props.entries.map((e, i) => (
          <li class="card" data-version={String(e.version.version)}>
            <h2>
              Version {e.version.version}
              {i === 0 ? <Tag words="In use" tone="ok" /> : null}
            </h2>
            <p class="small muted">
              Saved {props.when(e.version.createdAt)} by {e.staffEmail ?? whoSaved(e.version.createdBy)}
              {e.version.body === null ? " · the built-in text" : ""}
            </p>
            {e.diff ? <Diff parts={e.diff} /> : <blockquote class="sms">{e.version.body ?? props.builtIn}</blockquote>}
            {i > 0 ? <ActionButton page={props.page} action={`${href(props.id, props.language)}/restore`} fields={{ version: String(e.version.version) }} label={`Restore version ${e.version.version}`} look="outline" confirm={`Make version ${e.version.version} the text in use again?`} /> : null}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
