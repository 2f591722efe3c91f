/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { ErrorSummary, Notice, SelectField, TextArea, type Option } from "../components/form-fields.js";
import { ActionButton } from "../components/blocks.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { ThreadView } from "../data/inbox-view.js";
import { consentBadge } from "../data/patient-standing.js";
import type { FieldErrors, FormValues } from "../forms.js";
import { text } from "../forms.js";
import { DELIVERY_WORDS, intentWords, purposeWords, reasonsWords } from "../words.js";

export interface ReplyTemplate {
  id: string;
  label: string;
  preview: string;
}

export interface ThreadPageProps {
  page: PageContext;
  view: ThreadView;
  when: (at: Date) => string;
  /** Reads the patient's own time for a deferred reply ("8:00 AM CT"). */
  patientTime: (at: Date) => string;
  now: Date;
  staff: Option[];
  templates: ReplyTemplate[];
  canReadMessages: boolean;
  values?: FormValues;
  errors?: FieldErrors;
  notice?: string | undefined;
}

function who(view: ThreadView): string {
  return view.patients.length ? view.patients.map((p) => p.name).join(" and ") : "a number minnow does not know";
}

function replyStatus(reply: ThreadView["replies"][number], props: ThreadPageProps) {
  switch (reply.status) {
    case "queued":
      return <Tag words="Sending…" tone="wait" />;
    case "deferred":
      return <Tag words={`Waiting: ${reply.reasons.includes("quiet-hours") && reply.until ? `quiet hours until ${props.patientTime(reply.until)}` : `${reasonsWords(reply.reasons)}${reply.until ? `; goes ${props.when(reply.until)}` : ""}`}`} tone="wait" />;
    case "not-sent":
      return <Tag words={`Not sent: ${reasonsWords(reply.reasons)}`} tone="bad" />;
    case "failed":
      return <Tag words={`Not delivered: ${reasonsWords(reply.reasons)}`} tone="bad" />;
    default:
      return <Tag words="Sent" tone="ok" />;
  }
}

/** The messages and any staff replies still on their way: the part that refreshes itself. */
export function ThreadRegion(props: ThreadPageProps) {
  const { view } = props;
  const sentBy = new Map(view.replies.filter((r) => r.messageId).map((r) => [r.messageId ?? "", r.staffId]));
  const emails = new Map(props.staff.map((s) => [s.value, s.label]));
  const pending = view.replies.filter((r) => r.status !== "sent");
  return (
    <>
      <ol class="thread" aria-label="Messages, oldest first">
        {view.messages.map((m) => {
          const delivery = m.status ? DELIVERY_WORDS[m.status] : undefined;
          const author = m.direction === "in" ? "Patient" : sentBy.has(m.id) ? `Staff (${emails.get(sentBy.get(m.id) ?? "") ?? "a colleague"})` : props.page.practiceName;
          return (
            <li class={`${m.direction === "in" ? "from-patient" : "from-practice"}${m.needsStaff ? " needs-person" : ""}`}>
              <span class="meta">
                {author} · {props.when(m.at)}
                {m.direction === "out" ? ` · ${purposeWords(m.kind)}` : ""}
                {delivery ? ` · ${delivery.words}` : ""}
                {m.direction === "in" ? (m.needsStaff ? ` · Needs a person: ${intentWords(m.kind)}` : m.kind ? ` · ${intentWords(m.kind)}` : "") : ""}
              </span>
              <span class="body">{!props.canReadMessages ? "Message text is hidden for your role." : m.body ?? "The text was removed after the retention period; the record stays."}</span>
            </li>
          );
        })}
      </ol>
      {pending.length ? (
        <ul class="lines" aria-label="Replies on their way">
          {pending.map((r) => (
            <li>
              Reply written {props.when(r.createdAt)} by {emails.get(r.staffId) ?? "a colleague"}: {replyStatus(r, props)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function ReplyForm(props: ThreadPageProps) {
  const { view, values, errors } = props;
  const action = `/inbox/${view.anchor.inboundId}/reply`;
  if (view.patients.length === 0) {
    return <p class="warning-note">minnow does not know whose number this is, so it cannot text it: no consent can be checked. Call the number if you need to, and mark the conversation resolved.</p>;
  }
  const mode = values ? text(values, "answer") : "text";
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={props.page} />
      <ErrorSummary errors={errors} />
      {view.patients.length > 1 ? (
        <SelectField name="patientRef" label="Who is this reply about?" hint="This phone is shared. Consent is checked for the patient you choose." value={values ? text(values, "patientRef") : ""} blank="Choose a patient" options={view.patients.map((p) => ({ value: p.ref, label: p.name }))} error={errors?.patientRef} />
      ) : (
        <input type="hidden" name="patientRef" value={view.patients[0]?.ref ?? ""} />
      )}
      <div class="field">
        <label for="f-answer">Answer with</label>
        <select id="f-answer" name="answer" data-template-hint="template-preview">
          <option value="text" selected={mode === "text"} data-preview="">
            My own words (below)
          </option>
          {props.templates.map((t) => (
            <option value={t.id} selected={mode === t.id} data-preview={`The patient will read: ${t.preview}`}>
              {t.label}
            </option>
          ))}
        </select>
        <small id="template-preview" class="hint" aria-live="polite"></small>
      </div>
      <TextArea name="text" label="Your words" hint="Checked as you type for carrier rules (opt-out words, drug names, length). The practice's name is added at the start." value={values ? text(values, "text") : ""} rows={4} lintUrl="/inbox/lint" lintTarget="lint-findings" error={errors?.text} />
      <div id="lint-findings" class="lint-findings" aria-live="polite"></div>
      <p class="small muted">The reply goes through the same checks as every text: quiet hours, consent and STOP. At night it waits until the morning.</p>
      <button type="submit">Send reply</button>
    </form>
  );
}

function Side(props: ThreadPageProps) {
  const { view } = props;
  const action = (verb: string) => `/inbox/${view.anchor.inboundId}/${verb}`;
  return (
    <aside aria-label="About this conversation">
      <section class="card">
        <h2>Who</h2>
        {view.patients.length === 0 ? <p>Not a number on file (ending {view.numberEnding}).</p> : null}
        <ul class="lines">
          {view.patients.map((p, i) => {
            const standing = view.standings[i];
            const badge = standing ? consentBadge(standing, "appointment", props.now) : undefined;
            return (
              <li>
                <a href={`/patients/${encodeURIComponent(p.ref)}`}>{p.name}</a>
                {badge ? (
                  <div>
                    <Tag words={badge.words} tone={badge.tone} />
                    {badge.detail ? <div class="small muted">{badge.detail}</div> : null}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
        <p class="small muted">Number ending {view.numberEnding}</p>
      </section>
      <section class="card">
        <h2>Status</h2>
        {view.open.length ? (
          <>
            <p>
              {view.open.length} message{view.open.length === 1 ? " needs" : "s need"} a person.
            </p>
            <form method="post" action={action("assign")}>
              <CsrfField page={props.page} />
              <SelectField name="staffId" label="Assigned to" value={view.assignedTo ?? ""} blank="Nobody" options={props.staff} error={props.errors?.staffId} />
              <button type="submit" class="secondary">
                Assign
              </button>
            </form>
            <ActionButton page={props.page} action={action("resolve")} label="Mark resolved" />
          </>
        ) : (
          <p>
            <Tag words="Resolved" tone="ok" /> Everything here has been dealt with. The history stays; a new message from this number opens it again.
          </p>
        )}
      </section>
    </aside>
  );
}

export function InboxThreadPage(props: ThreadPageProps) {
  const { view } = props;
  return (
    <Layout page={props.page} title="Conversation" current="/inbox">
      <p class="back-link">
        <a href="/inbox">← Back to the inbox</a>
      </p>
      <h1>Conversation with {who(view)}</h1>
      <Notice message={props.notice} />
      <div class="two-columns">
        <div>
          <h2>Messages</h2>
          <div id="thread" data-refresh-url={`/inbox/${view.anchor.inboundId}/messages`} data-refresh-seconds="5" aria-live="polite">
            <ThreadRegion {...props} />
          </div>
          <h2>Reply</h2>
          <ReplyForm {...props} />
        </div>
        <Side {...props} />
      </div>
    </Layout>
  );
}
