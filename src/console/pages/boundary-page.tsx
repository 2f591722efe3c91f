/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { twilioConnector } from "../../../connectors/twilio/index.js";
import type { BoundaryFinding } from "../../policy/baa-boundary.js";
import { dataClassWords, DATA_CLASS_WORDS } from "../../policy/data-class-words.js";
import type { BoundaryReport, BoundaryRow } from "../../runtime/boundary-report.js";
import { ErrorSummary, Notice, TextField } from "../components/form-fields.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { FieldErrors, FormValues } from "../forms.js";
import { text } from "../forms.js";
import { ComplianceNav } from "./compliance-nav.js";

/**
 * The BAA boundary, the same findings as `npx minnow boundary`, one card per connector and
 * destination, each with the forms that record a signed BAA or an acknowledgement.
 */
const capitalized = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);

/** A finding in plain words: data classes as "first names", not "first-name"; what to do next. */
function findingWords(f: BoundaryFinding, row: BoundaryRow): string {
  const what = dataClassWords(f.classes);
  const party = row.party.displayName;
  switch (f.code) {
    case "phi-outside-baa": {
      const fix = row.party.baa.offered ? "Record the signed BAA below, or an acknowledgement of why it may go without one." : "The vendor offers no BAA: record an acknowledgement below, or stop sending patient details there.";
      const held = row.party.id === twilioConnector.id ? " Until then, minnow holds its texts and tries again every hour." : "";
      return `${party} would receive ${what} without a Business Associate Agreement. ${fix}${held}`;
    }
    case "phi-outside-baa-acknowledged":
      return `${capitalized(what)} go to ${party} without a BAA; the practice acknowledged this in writing.`;
    case "inside-baa":
      return `${capitalized(what)} go to ${party} under a signed BAA.`;
    case "references-only":
      return `Only opaque references go to ${party}: nothing in them identifies a patient.`;
    default:
      return f.message;
  }
}

function status(row: BoundaryRow) {
  const a = row.attestation;
  if (a?.signed) return <Tag words={`BAA signed${a.date ? ` ${a.date}` : ""}${a.reference ? ` (${a.reference})` : ""}`} tone="ok" />;
  if (a?.acknowledgement) return <Tag words={`No BAA: acknowledged by ${a.acknowledgement.by} on ${a.acknowledgement.date}`} tone="wait" />;
  return <Tag words={row.party.baa.offered ? "No BAA recorded (the vendor offers one)" : "No BAA (the vendor offers none)"} tone={row.findings.some((f) => f.severity === "error") ? "bad" : "muted"} />;
}

export interface BoundaryForm {
  party: string;
  values: FormValues;
  errors: FieldErrors;
}

function Forms(props: { page: PageContext; row: BoundaryRow; form: BoundaryForm | undefined }) {
  const { row } = props;
  const mine = props.form?.party === row.party.id ? props.form : undefined;
  const v = (name: string) => (mine ? text(mine.values, name) : "");
  const e = (name: string) => mine?.errors[name];
  const id = row.party.id;
  const kind = mine ? text(mine.values, "kind") : "";
  return (
    <div class="two-columns">
      {row.party.baa.offered ? (
        <details open={kind === "attestation"}>
          <summary>Record the signed BAA</summary>
          <form method="post" action={`/compliance/baa/${encodeURIComponent(id)}`}>
            <CsrfField page={props.page} />
            <input type="hidden" name="kind" value="attestation" />
            <TextField name={`date-${id}`} label="Signed on" hint="The date on the signed agreement, like 2026-01-15" value={v(`date-${id}`)} error={e(`date-${id}`)} />
            <TextField name={`reference-${id}`} label="Reference to the signed document" hint="Where the signed copy is kept, e.g. its contract number" value={v(`reference-${id}`)} error={e(`reference-${id}`)} />
            <button type="submit">Record the BAA</button>
          </form>
        </details>
      ) : null}
      <details open={kind === "acknowledgement"}>
        <summary>Record an acknowledgement (no BAA)</summary>
        <form method="post" action={`/compliance/baa/${encodeURIComponent(id)}`}>
          <CsrfField page={props.page} />
          <input type="hidden" name="kind" value="acknowledgement" />
          <TextField name={`reason-${id}`} label="Why this may go there without a BAA" value={v(`reason-${id}`)} error={e(`reason-${id}`)} />
          <TextField name={`by-${id}`} label="Acknowledged by" hint="The privacy officer's name" value={v(`by-${id}`)} error={e(`by-${id}`)} />
          <TextField name={`ackdate-${id}`} label="On" hint="Like 2026-01-15" value={v(`ackdate-${id}`)} error={e(`ackdate-${id}`)} />
          <button type="submit" class="secondary">
            Record the acknowledgement
          </button>
        </form>
      </details>
    </div>
  );
}

export function BoundaryPage(props: { page: PageContext; report: BoundaryReport; form?: BoundaryForm; notice?: string | undefined }) {
  const { report } = props;
  return (
    <Layout page={props.page} title="Compliance: BAA boundary" current="/compliance">
      <h1>Compliance center</h1>
      <ComplianceNav current="/compliance" />
      <ErrorSummary errors={props.form?.errors} />
      <Notice message={props.notice} />
      <p>
        Where patient information goes, and whether a Business Associate Agreement covers it: the same check as <code>npx minnow boundary</code>.{" "}
        <strong data-boundary-errors={String(report.errors)}>{report.errors ? `${report.errors} flow${report.errors === 1 ? "" : "s"} would send private information without a BAA or an acknowledgement.` : "No flow sends private information outside a BAA without an acknowledgement."}</strong>
      </p>
      {report.rows.map((row) => (
        <section class="card" data-party={row.party.id} aria-labelledby={`party-${row.party.id}`}>
          <h2 id={`party-${row.party.id}`}>{row.party.displayName}</h2>
          <dl class="facts">
            <dt>Receives</dt>
            <dd>{row.classes.map((c) => DATA_CLASS_WORDS[c]).join(", ")}</dd>
            <dt>BAA</dt>
            <dd>{status(row)}</dd>
            {row.note ? (
              <>
                <dt>Note</dt>
                <dd class="small">{row.note}</dd>
              </>
            ) : null}
          </dl>
          <ul class="lines">
            {row.findings.map((f) => (
              <li data-finding={f.code} data-severity={f.severity}>
                <Tag words={f.severity === "error" ? "Flag" : f.severity === "warning" ? "Check" : "OK"} tone={f.severity === "error" ? "bad" : f.severity === "warning" ? "wait" : "ok"} /> {findingWords(f, row)}
              </li>
            ))}
          </ul>
          {row.party.kind === "destination" ? <p class="small muted">A REST hook is attested by listing its URL in hooks.attestedDestinations in the practice config.</p> : <Forms page={props.page} row={row} form={props.form} />}
        </section>
      ))}
      {report.local.length ? (
        <section class="card">
          <h2>On this machine only</h2>
          <ul class="lines">
            {report.local.map((l) => (
              <li>{l}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
