/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { CONSENT_SCOPES } from "../../policy/consent.js";
import { Choices, ErrorSummary, Notice, SelectField, TextField } from "../components/form-fields.js";
import { DataTable } from "../components/blocks.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import { optOutBadge } from "../data/patient-standing.js";
import type { PatientView, SearchHit } from "../data/patient-view.js";
import type { FieldErrors, FormValues } from "../forms.js";
import { list, text } from "../forms.js";
import { DELIVERY_WORDS, intentWords, PHI_LEVEL_WORDS, purposeWords, reasonsWords, REVOKE_REASON_WORDS, SCOPE_WORDS, SOURCE_WORDS } from "../words.js";

export const STAFF_CONSENT_SOURCES = ["paper", "web-form", "verbal"] as const;
export const STAFF_REVOKE_REASONS = ["patient-request", "wrong-number", "staff-correction", "other"] as const;

export function PatientSearchPage(props: { page: PageContext; query?: string; result?: { by: "phone" | "name"; hits: SearchHit[] } | undefined; errors?: FieldErrors }) {
  return (
    <Layout page={props.page} title="Patients" current="/patients">
      <h1>Find a patient</h1>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/patients/search" class="narrow" role="search" novalidate>
        <CsrfField page={props.page} />
        <TextField name="q" label="Name or mobile number" hint="For example Garcia, or (312) 555-0142" value={props.query ?? ""} autocomplete="off" error={props.errors?.q} />
        <button type="submit">Search</button>
      </form>
      {props.result ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">
            {props.result.hits.length} patient{props.result.hits.length === 1 ? "" : "s"} found by {props.result.by === "phone" ? "mobile number" : "name"}
          </h2>
          {props.result.hits.length === 0 ? (
            <p>Nobody matches. Check the spelling, or try the mobile number.</p>
          ) : (
            <ul>
              {props.result.hits.map((h) => (
                <li>
                  <a href={`/patients/${encodeURIComponent(h.ref)}`}>{h.name}</a>
                  {h.birthDate ? <span class="muted"> · born {h.birthDate}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </Layout>
  );
}

export interface PatientPageProps {
  page: PageContext;
  view: PatientView;
  when: (at: Date) => string;
  day: (at: Date) => string;
  values?: FormValues;
  errors?: FieldErrors;
  /** Which form the values and errors belong to. */
  form?: "record" | "revoke";
  notice?: string | undefined;
}

function ScopeTable(props: PatientPageProps) {
  return (
    <DataTable caption="Texting by kind of message" columns={["Kind of text", "Allowed now?", "Detail allowed"]}>
      {props.view.scopes.map((s) => (
        <tr data-scope={s.scope}>
          <td data-label="Kind of text">{SCOPE_WORDS[s.scope]}</td>
          <td data-label="Allowed now?">{s.allowed ? <Tag words="Yes" tone="ok" /> : <Tag words={`No: ${reasonsWords(s.reasons)}`} tone="bad" />}</td>
          <td data-label="Detail allowed">{s.allowed ? `${PHI_LEVEL_WORDS[s.phiLevel]}${s.reasons.includes("phi-lowered-unverified-phone") ? " (phone not verified)" : ""}` : "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function History(props: PatientPageProps) {
  if (props.view.history.length === 0) return <p>No consent has been recorded for this patient.</p>;
  return (
    <DataTable caption="Consent history, newest first" columns={["Recorded", "Covers", "Source and evidence", "Phone verified", "Revoked"]}>
      {props.view.history.map((c) => (
        <tr>
          <td data-label="Recorded">
            {props.when(c.capturedAt)}
            {c.capturedBy ? <div class="small muted">by {c.capturedBy.startsWith("system:") ? "minnow (from the EHR)" : c.capturedBy}</div> : null}
          </td>
          <td data-label="Covers">
            {c.scopes.map((s) => SCOPE_WORDS[s]).join(", ")}
            <div class="small muted">Detail: {PHI_LEVEL_WORDS[c.phiLevel]}</div>
          </td>
          <td data-label="Source and evidence">
            {SOURCE_WORDS[c.source] ?? c.source}
            <div class="small muted">{c.evidence ?? "No evidence recorded"}</div>
          </td>
          <td data-label="Phone verified">{c.phoneVerified ? "Yes" : "No"}</td>
          <td data-label="Revoked">
            {c.revokedAt ? (
              <>
                {props.when(c.revokedAt)}
                <div class="small muted">
                  {c.revokedScopes ? c.revokedScopes.map((s) => SCOPE_WORDS[s]).join(", ") : "Everything"} · {c.revokedReason ? (REVOKE_REASON_WORDS[c.revokedReason] ?? c.revokedReason) : ""}
                </div>
              </>
            ) : (
              "No"
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Messages(props: PatientPageProps) {
  const { view } = props;
  if (view.messages.length === 0) return <p>No texts to or from this patient yet.</p>;
  return (
    <ol class="thread" aria-label="Recent messages, oldest first">
      {view.messages.map((m) => (
        <li class={m.direction === "in" ? "from-patient" : "from-practice"}>
          <span class="meta">
            {m.direction === "in" ? "Patient" : props.page.practiceName} · {props.when(m.at)}
            {m.direction === "out" ? ` · ${purposeWords(m.kind)}${m.status ? ` · ${DELIVERY_WORDS[m.status]?.words ?? m.status}` : ""}` : m.needsStaff ? ` · Needs a person: ${intentWords(m.kind)}` : m.kind ? ` · ${intentWords(m.kind)}` : ""}
          </span>
          <span class="body">{m.body ?? "The text was removed after the retention period; the record stays."}</span>
        </li>
      ))}
    </ol>
  );
}

function RecordForm(props: PatientPageProps) {
  const mine = props.form === "record";
  const values = mine ? props.values : undefined;
  const errors = mine ? props.errors : undefined;
  if (!props.view.standing.contact?.phone) return <p>minnow has no mobile number for this patient yet, so no consent can be recorded. It arrives from the EHR at the next sync.</p>;
  return (
    <form method="post" action={`/patients/${encodeURIComponent(props.view.ref)}/consents`} novalidate>
      <CsrfField page={props.page} />
      {mine ? <ErrorSummary errors={errors} /> : null}
      <Choices name="scopes" label="Which texts may we send?" multiple options={CONSENT_SCOPES.map((s) => ({ value: s, label: SCOPE_WORDS[s] ?? s }))} values={values ? list(values, "scopes") : ["appointment"]} error={errors?.scopes} />
      <Choices name="phiLevel" label="How much detail may texts carry?" options={[{ value: "none", label: "No patient details (practice name and phone only)" }, { value: "minimal", label: "First name and appointment time" }]} values={[values ? text(values, "phiLevel") : "none"]} error={errors?.phiLevel} />
      <SelectField name="source" label="How did the patient give it?" value={values ? text(values, "source") : "paper"} options={STAFF_CONSENT_SOURCES.map((s) => ({ value: s, label: SOURCE_WORDS[s] ?? s }))} error={errors?.source} />
      <TextField name="evidence" label="Evidence" hint="Where it can be proven: a scanned form's number, a web form reference, or for a call the date and what was said. No medical details." value={values ? text(values, "evidence") : ""} error={errors?.evidence} />
      <button type="submit">Record consent</button>
    </form>
  );
}

function RevokeForm(props: PatientPageProps) {
  const mine = props.form === "revoke";
  const values = mine ? props.values : undefined;
  const errors = mine ? props.errors : undefined;
  const live = props.view.scopes.filter((s) => s.allowed).map((s) => s.scope);
  if (props.view.history.length === 0) return null;
  return (
    <form method="post" action={`/patients/${encodeURIComponent(props.view.ref)}/consents/revoke`} novalidate data-confirm="Stop these texts for this patient?">
      <CsrfField page={props.page} />
      {mine ? <ErrorSummary errors={errors} /> : null}
      <Choices name="scopes" label="Which texts should stop?" multiple options={CONSENT_SCOPES.map((s) => ({ value: s, label: SCOPE_WORDS[s] ?? s }))} values={values ? list(values, "scopes") : live} error={errors?.scopes} />
      <SelectField name="reason" label="Why?" value={values ? text(values, "reason") : "patient-request"} options={STAFF_REVOKE_REASONS.map((r) => ({ value: r, label: REVOKE_REASON_WORDS[r] ?? r }))} error={errors?.reason} />
      <button type="submit" class="secondary">
        Stop these texts
      </button>
    </form>
  );
}

export function PatientPage(props: PatientPageProps) {
  const { view } = props;
  const optOut = optOutBadge(view.standing.consent, props.when);
  return (
    <Layout page={props.page} title={view.name} current="/patients">
      <p class="back-link">
        <a href="/patients">← Find another patient</a>
      </p>
      <h1>{view.name}</h1>
      <Notice message={props.notice} />
      <dl class="facts">
        <dt>Born</dt>
        <dd>{view.birthDate ?? "Not on file"}</dd>
        <dt>Mobile</dt>
        <dd>{view.phone ?? "None on file"}{view.standing.contact?.invalidAt ? " (the carrier says it is not working)" : ""}</dd>
        <dt>Texts in</dt>
        <dd>{view.language?.toLowerCase().startsWith("es") ? "Spanish" : "English"}</dd>
        <dt>Opted out</dt>
        <dd>{optOut ? <Tag words={optOut.words} tone={optOut.tone} /> : "No"}</dd>
      </dl>
      <div class="actions">
        {view.inboxHref ? (
          <a href={view.inboxHref} role="button">
            Open the conversation that needs a person
          </a>
        ) : null}
        <a href={`/waitlist?patient=${encodeURIComponent(view.ref)}`} role="button" class="secondary">
          Add to waitlist
        </a>
      </div>
      {view.waitlist.length ? <p>On the waitlist: {view.waitlist.map((e) => `${props.day(e.requestedStart)} to ${props.day(new Date(e.requestedEnd.getTime() - 1))}`).join("; ")}.</p> : null}
      <section aria-labelledby="consent-title">
        <h2 id="consent-title">Texting consent</h2>
        <ScopeTable {...props} />
        <h3>History</h3>
        <History {...props} />
      </section>
      <section aria-labelledby="messages" id="messages-section">
        <h2 id="messages">Recent messages</h2>
        <Messages {...props} />
      </section>
      <div class="two-columns">
        <section class="card" aria-labelledby="record-title">
          <h2 id="record-title">Record consent</h2>
          <RecordForm {...props} />
        </section>
        <section class="card" aria-labelledby="revoke-title">
          <h2 id="revoke-title">Stop texts</h2>
          <RevokeForm {...props} />
          {view.history.length === 0 ? <p>Nothing to stop: no consent is recorded.</p> : null}
        </section>
      </div>
    </Layout>
  );
}
