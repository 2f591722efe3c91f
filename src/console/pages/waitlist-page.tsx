/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Choices, ErrorSummary, Notice, SelectField, TextField, type Option } from "../components/form-fields.js";
import { ActionButton, DataTable } from "../components/blocks.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { Fill, WaitingEntry } from "../data/waitlist-view.js";
import type { FieldErrors, FormValues } from "../forms.js";
import { text } from "../forms.js";
import { FILL_END_WORDS, OFFER_WORDS } from "../words.js";

export interface WaitlistPageProps {
  page: PageContext;
  entries: WaitingEntry[];
  fills: Fill[];
  slots: Option[];
  practitioners: Option[];
  locations: Option[];
  /** Names for every patient ref on the page. */
  names: Map<string, string>;
  placeName: (ref: string | null | undefined) => string;
  when: (at: Date) => string;
  day: (at: Date) => string;
  /** A patient chosen on their own page, to add without typing a phone. */
  chosen?: { ref: string; name: string } | undefined;
  values?: FormValues;
  errors?: FieldErrors;
  notice?: string | undefined;
}

function FillCard(props: { fill: Fill; p: WaitlistPageProps }) {
  const { fill, p } = props;
  const state = fill.takenBy
    ? { words: `Filled by ${p.names.get(fill.takenBy) ?? "a waitlisted patient"}`, tone: "ok" as const }
    : fill.ended
      ? { words: `Ended: ${FILL_END_WORDS[fill.ended.reason] ?? fill.ended.reason}`, tone: "muted" as const }
      : { words: "Offering now", tone: "wait" as const };
  return (
    <article class="card" data-fill={fill.cancelledRef}>
      <h3>
        {fill.slot ? `${p.when(fill.slot.start)} · ${p.placeName(fill.slot.practitionerRef)} · ${p.placeName(fill.slot.locationRef)}` : "A slot no longer in the EHR"}
      </h3>
      <p>
        <Tag words={state.words} tone={state.tone} /> <span class="small muted">started {p.when(fill.startedAt)}</span>
      </p>
      {fill.offers.length === 0 ? (
        <p class="small">No offers sent yet.</p>
      ) : (
        <DataTable caption="Offers for this slot" columns={["Offered to", "Sent", "Held until", "Answer"]}>
          {fill.offers.map((o) => (
            <tr>
              <td data-label="Offered to">{p.names.get(o.patientRef) ?? "Name not on file"}</td>
              <td data-label="Sent">{p.when(o.sentAt)}</td>
              <td data-label="Held until">{o.holdUntil ? p.when(o.holdUntil) : "—"}</td>
              <td data-label="Answer">
                <Tag words={OFFER_WORDS[o.state]?.words ?? o.state} tone={OFFER_WORDS[o.state]?.tone ?? "muted"} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </article>
  );
}

function AddForm(props: WaitlistPageProps) {
  const { values, errors, chosen } = props;
  const v = (name: string) => (values ? text(values, name) : "");
  return (
    <form method="post" action="/waitlist/entries" novalidate aria-labelledby="add-title">
      <CsrfField page={props.page} />
      <h2 id="add-title">Add a patient to the waitlist</h2>
      {chosen ? (
        <p>
          Adding <strong>{chosen.name}</strong>. <input type="hidden" name="patientRef" value={chosen.ref} />
          <a href="/waitlist">Choose someone else</a>
        </p>
      ) : (
        <TextField name="phone" label="Patient's mobile number" hint="The number on file, for example (312) 555-0142. To add someone who shares a phone, use Add to waitlist on their patient page." type="tel" inputmode="tel" autocomplete="off" value={v("phone")} error={errors?.phone ?? errors?.patientRef} />
      )}
      <div class="filters">
        <TextField name="from" label="Can come from" type="date" value={v("from")} error={errors?.from} />
        <TextField name="to" label="Until" type="date" value={v("to")} error={errors?.to} />
        <SelectField name="practitioner" label="Practitioner" blank="Anyone" value={v("practitioner")} options={props.practitioners} error={errors?.practitioner} />
        <SelectField name="location" label="Location" blank="Any location" value={v("location")} options={props.locations} error={errors?.location} />
      </div>
      <Choices name="priority" label="How soon do they need it?" options={[{ value: "5", label: "Normal" }, { value: "1", label: "Urgent: offer first" }]} values={[v("priority") || "5"]} error={errors?.priority} />
      <button type="submit">Add to waitlist</button>
    </form>
  );
}

export function WaitlistPage(props: WaitlistPageProps) {
  const { errors } = props;
  return (
    <Layout page={props.page} title="Waitlist" current="/waitlist">
      <h1>Waitlist</h1>
      <Notice message={props.notice} />
      <ErrorSummary errors={errors} />
      <section aria-labelledby="offer-title">
        <h2 id="offer-title">Offer a freed slot</h2>
        {props.slots.length === 0 ? (
          <p>No cancelled appointments in the next two weeks. When one is cancelled in the EHR, minnow offers it on its own.</p>
        ) : (
          <form method="post" action="/waitlist/fills" novalidate>
            <CsrfField page={props.page} />
            <SelectField name="cancelledRef" label="Cancelled appointment" hint="minnow texts the best-placed patients on the waitlist in small batches; the first to reply YES gets it." value={props.values ? text(props.values, "cancelledRef") : ""} options={props.slots} error={errors?.cancelledRef} />
            <button type="submit">Offer this slot now</button>
          </form>
        )}
      </section>
      <section aria-labelledby="fills-title">
        <h2 id="fills-title">Openings being filled</h2>
        {props.fills.length === 0 ? <p>No openings in the last two weeks.</p> : props.fills.map((fill) => <FillCard fill={fill} p={props} />)}
      </section>
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">Patients waiting ({props.entries.length})</h2>
        {props.entries.length === 0 ? (
          <p>Nobody is waiting.</p>
        ) : (
          <DataTable caption="Patients waiting, most urgent first" columns={["Patient", "Can come", "Prefers", "Priority", "On the list"]}>
            {props.entries.map((e) => (
              <tr data-entry={e.ref}>
                <td data-label="Patient">
                  <a href={`/patients/${encodeURIComponent(e.patientRef)}`}>{props.names.get(e.patientRef) ?? "Name not on file"}</a>
                </td>
                <td data-label="Can come">
                  {props.day(e.from)} to {props.day(new Date(e.to.getTime() - 1))}
                </td>
                <td data-label="Prefers">
                  {e.practitionerRef || e.locationRef ? [e.practitionerRef, e.locationRef].filter(Boolean).map((r) => props.placeName(r)).join(" · ") : "Anyone, anywhere"}
                </td>
                <td data-label="Priority">{e.priority <= 2 ? <Tag words="Urgent" tone="bad" /> : "Normal"}</td>
                <td data-label="On the list">
                  {e.source === "ehr" ? (
                    <span class="small muted">In the EHR since {props.day(e.addedAt)}; change it there</span>
                  ) : (
                    <ActionButton page={props.page} action={`/waitlist/entries/${e.ref}/remove`} label="Remove" look="outline" confirm="Take this patient off the waitlist?">
                      <span class="small muted">Added {props.day(e.addedAt)} </span>
                    </ActionButton>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section class="card">
        <AddForm {...props} />
      </section>
    </Layout>
  );
}
