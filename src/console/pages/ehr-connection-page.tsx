/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { ActionButton, DataTable } from "../components/blocks.js";
import { Notice } from "../components/form-fields.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { SubscriptionRow } from "../data/ehr-subscriptions.js";
import type { Tone } from "../words.js";

/**
 * The EHR connection, for administrators: minnow's Subscriptions on the EHR (the push that makes a
 * change arrive in seconds) with what each one's handshake showed, and the button that creates one.
 */
export interface EhrConnectionView {
  /** The EHR's FHIR base URL; undefined when no FHIR EHR is connected. */
  ehrUrl: string | undefined;
  intervalMinutes: number;
  /** Where a new Subscription would deliver to; undefined while set-up is missing. */
  endpoint: string | undefined;
  problems: string[];
  rows: SubscriptionRow[];
  /** Why the list could not be read (the EHR's answer, codes only). */
  listError?: string | undefined;
  result?: { tone: Tone; text: string } | undefined;
  failure?: { text: string; detail: string } | undefined;
  notice?: string | undefined;
}

function Result(props: { result: EhrConnectionView["result"] }) {
  if (!props.result) return null;
  if (props.result.tone === "ok") return <Notice message={props.result.text} />;
  return (
    <p class={props.result.tone === "bad" ? "error-banner" : "warning-note"} role="status">
      {props.result.text}
    </p>
  );
}

function Failure(props: { failure: EhrConnectionView["failure"] }) {
  if (!props.failure) return null;
  return (
    <div class="error-banner" role="alert">
      <p>{props.failure.text}</p>
      <details>
        <summary>Technical detail, for your EHR vendor</summary>
        <p class="small">{props.failure.detail}</p>
      </details>
    </div>
  );
}

function SubscriptionList(props: { page: PageContext; view: EhrConnectionView }) {
  const { view } = props;
  if (view.listError) {
    return <Failure failure={{ text: "minnow could not ask the EHR which subscriptions it has. The regular check goes on; try again later, or ask your EHR vendor whether minnow may read Subscriptions.", detail: view.listError }} />;
  }
  if (view.rows.length === 0) return <p>There are none yet: the EHR does not tell minnow about changes, so they arrive at the next check (every {view.intervalMinutes} minutes).</p>;
  return (
    <DataTable caption="minnow's subscriptions on the EHR" columns={["Subscription", "State", "What it means", "Actions"]}>
      {view.rows.map((row) => (
        <tr>
          <td data-label="Subscription">
            <code>Subscription/{row.id}</code>
            <br />
            <span class="small muted">{row.kind}</span>
          </td>
          <td data-label="State">
            <Tag words={row.state.words} tone={row.state.tone} />
          </td>
          <td data-label="What it means">{row.explain}</td>
          <td data-label="Actions">
            <ActionButton page={props.page} action={`/admin/ehr/subscriptions/${encodeURIComponent(row.id)}/delete`} label="Delete" look="secondary" confirm={`Delete Subscription/${row.id} on the EHR? Changes then arrive at the next check instead of at once.`} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function CreateForm(props: { page: PageContext; view: EhrConnectionView }) {
  const { view } = props;
  return (
    <section class="card narrow" aria-labelledby="create-subscription">
      <h2 id="create-subscription">Ask the EHR to notify minnow</h2>
      {view.problems.length > 0 || !view.endpoint ? (
        <>
          <p>Before minnow can ask, whoever runs the minnow server has to set:</p>
          <ul>
            {view.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
          <button type="button" disabled>
            Create the subscription
          </button>
        </>
      ) : (
        <form method="post" action="/admin/ehr/subscriptions">
          <CsrfField page={props.page} />
          <p>
            minnow asks the EHR to send a short message to <code>{view.endpoint}</code> whenever an appointment changes. The message carries only the appointment's id; minnow then reads the change itself. The EHR first sends a test message (the "handshake"): minnow waits up to 10 seconds for it and tells you whether it worked.
          </p>
          <button type="submit">Create the subscription</button>
        </form>
      )}
    </section>
  );
}

export function EhrConnectionPage(props: { page: PageContext; view: EhrConnectionView }) {
  const { view } = props;
  return (
    <Layout page={props.page} title="EHR connection" current="/admin/ehr">
      <h1>EHR connection</h1>
      <div class="long-words">
        {view.ehrUrl === undefined ? (
          <p>No FHIR EHR is connected (FHIR_BASE_URL is not set), so there is nothing to subscribe to.</p>
        ) : (
          <>
            <p>
              minnow reads the schedule from your EHR at <code>{view.ehrUrl}</code> every {view.intervalMinutes} minutes. The EHR can also tell minnow straight away when an appointment is booked, moved or cancelled: that is a <strong>subscription</strong> on the EHR. With one, a cancellation reaches the waitlist in seconds instead of at the next check. The regular check goes on either way, so a lost message is caught later.
            </p>
            <Notice message={view.notice} />
            <Result result={view.result} />
            <Failure failure={view.failure} />
            <h2>minnow's subscriptions on the EHR</h2>
            <p class="small muted">Only the subscriptions minnow created are listed; any set up by hand in the EHR are not shown or touched here.</p>
            <SubscriptionList page={props.page} view={view} />
            <CreateForm page={props.page} view={view} />
          </>
        )}
      </div>
    </Layout>
  );
}
