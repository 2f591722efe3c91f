/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { AuditVerifyResult } from "../../store/audit-verify.js";
import { DataTable } from "../components/blocks.js";
import { ErrorSummary, SelectField, TextField } from "../components/form-fields.js";
import { Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { AuditEntryView } from "../data/audit-search.js";
import type { ConsentCounts, OptOutEntry } from "../data/consent-summary.js";
import type { FieldErrors, FormValues } from "../forms.js";
import { text } from "../forms.js";
import { ComplianceNav } from "./compliance-nav.js";

/** The compliance center's consents and opt-outs, and its audit log search with the chain's state. */
const SCOPE_WORDS: Record<string, string> = { appointment: "Appointment reminders", waitlist: "Waitlist offers", billing: "Payment reminders", broadcast: "Announcements" };

export function ConsentsPage(props: { page: PageContext; counts: ConsentCounts; optOuts: OptOutEntry[]; when: (at: Date) => string }) {
  return (
    <Layout page={props.page} title="Compliance: consents and opt-outs" current="/compliance">
      <h1>Compliance center</h1>
      <ComplianceNav current="/compliance/consents" />
      <h2>Texting consent in force</h2>
      <p class="small muted">
        {props.counts.total} patients have a consent on file; {props.counts.revoked} revoked all texts. "First name and times" is PHI level minimal; "no details" is level none.
      </p>
      <DataTable caption="Patients who may be texted, by kind of text and level of detail" columns={["Kind of text", "No details", "First name and times"]}>
        {props.counts.byScope.map((s) => (
          <tr data-scope={s.scope}>
            <td data-label="Kind of text">{SCOPE_WORDS[s.scope] ?? s.scope}</td>
            <td data-label="No details" data-level="none">
              {s.none}
            </td>
            <td data-label="First name and times" data-level="minimal">
              {s.minimal}
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>Numbers that opted out</h2>
      <p>
        Nothing is texted to these numbers until they text START or the patient signs a new consent. Numbers show their last four digits only. <a href="/compliance/consents.csv">Download for auditors (CSV)</a>: references, dates and reasons, never message text.
      </p>
      {props.optOuts.length === 0 ? (
        <p>No number has opted out.</p>
      ) : (
        <DataTable caption="Numbers that opted out, newest first" columns={["Number", "Patient", "Since", "How"]}>
          {props.optOuts.map((o) => (
            <tr data-opt-out>
              <td data-label="Number">{o.maskedPhone}</td>
              <td data-label="Patient">{o.patientRefs.join(", ") || "not matched to a patient"}</td>
              <td data-label="Since">{props.when(o.at)}</td>
              <td data-label="How">{o.reason === "sms-opt-out" ? "Texted STOP (or similar)" : o.reason.startsWith("carrier") ? "The carrier reported the number unsubscribed" : o.reason}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

function ChainStatus(props: { result: AuditVerifyResult }) {
  const r = props.result;
  if (r.ok) {
    return (
      <p class="notice" data-chain="ok">
        The audit log's chain is intact: {r.checked} entries checked, through entry {r.lastSeq} (the same check as <code>npx minnow audit verify</code>).
      </p>
    );
  }
  return (
    <p class="warning-note" data-chain="broken">
      <Tag words="Broken" tone="bad" /> The audit log's chain is broken at entry {r.badSeq}: {r.reason}. Restore the database from a backup and keep this one for investigation.
    </p>
  );
}

export function AuditPage(props: { page: PageContext; entries: AuditEntryView[]; chain: AuditVerifyResult; values: FormValues; errors?: FieldErrors; decisions: string[]; limit: number; query: string; when: (at: Date) => string }) {
  const v = (name: string) => text(props.values, name);
  return (
    <Layout page={props.page} title="Compliance: audit log" current="/compliance">
      <h1>Compliance center</h1>
      <ComplianceNav current="/compliance/audit" />
      <ChainStatus result={props.chain} />
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/compliance/audit" class="filters">
        <TextField name="patient" label="Patient reference" hint="Like Patient/pat-0012" value={v("patient")} />
        <SelectField name="decision" label="Decision" options={props.decisions.map((d) => ({ value: d, label: d }))} value={v("decision")} blank="Any" />
        <TextField name="reason" label="Reason" hint="Like quiet-hours" value={v("reason")} />
        <TextField name="actor" label="Who" hint="Like staff: or workflow:" value={v("actor")} />
        <TextField name="from" label="From" type="date" value={v("from")} error={props.errors?.from} />
        <TextField name="to" label="To" type="date" value={v("to")} error={props.errors?.to} />
        <button type="submit">Filter</button>
      </form>
      <p class="small">
        {props.entries.length === props.limit ? `The newest ${props.limit} matching entries.` : `${props.entries.length} matching entr${props.entries.length === 1 ? "y" : "ies"}.`} <a href={`/compliance/audit.csv${props.query}`}>Download these as CSV</a>
      </p>
      <DataTable caption="Audit log entries, newest first" columns={["#", "When", "Who", "What", "About", "Decision and reasons"]}>
        {props.entries.map((e) => (
          <tr data-seq={String(e.seq)}>
            <td data-label="#">{e.seq}</td>
            <td data-label="When">{props.when(e.at)}</td>
            <td data-label="Who">{e.actor}</td>
            <td data-label="What">{e.action}</td>
            <td data-label="About">{e.subjectRef ?? ""}</td>
            <td data-label="Decision and reasons">
              {e.decision ?? ""}
              {e.reasons.length ? ` (${e.reasons.join(", ")})` : ""}
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}
