/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { BoundaryReport } from "../../runtime/boundary-report.js";
import { BoundaryFlags } from "../components/boundary-flags.js";
import { ErrorSummary, SelectField, TextField } from "../components/form-fields.js";
import { ActionButton, DataTable } from "../components/blocks.js";
import { Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { NamedRef } from "../data/ehr-directory.js";
import { ANSWER_WORDS, type ScheduleRow, type ScheduleView } from "../data/schedule-view.js";
import type { FieldErrors } from "../forms.js";

export interface TodayFilters {
  date: string;
  location: string;
  practitioner: string;
}

export function todayQuery(filters: TodayFilters): string {
  const params = new URLSearchParams({ date: filters.date });
  if (filters.location) params.set("location", filters.location);
  if (filters.practitioner) params.set("practitioner", filters.practitioner);
  return params.toString();
}

function Row(props: { row: ScheduleRow; page: PageContext }) {
  const { row } = props;
  const answer = ANSWER_WORDS[row.answer];
  return (
    <tr data-appointment={row.visit.ref}>
      <td data-label="Time">
        <strong>{row.time}</strong>
        {row.statusWords ? (
          <>
            {" "}
            <Tag words={row.statusWords.words} tone={row.statusWords.tone} />
          </>
        ) : null}
      </td>
      <td data-label="Patient">
        {row.patientHref ? <a href={row.patientHref}>{row.visit.patientName}</a> : row.visit.patientName}
        <div class="small muted">
          {row.practitioner} · {row.location}
        </div>
      </td>
      <td data-label="Reminders">
        <ul class="lines">
          {row.reminders.map((line) => (
            <li>
              <span class="muted">{line.label}:</span> <Tag words={line.words} tone={line.tone} />
            </li>
          ))}
        </ul>
      </td>
      <td data-label="Answer" class="answer">
        <Tag words={answer.words} tone={answer.tone} />
      </td>
      <td data-label="Texting">
        <ul class="lines">
          <li>
            <Tag words={row.consent.words} tone={row.consent.tone} />
            {row.consent.detail ? <div class="small muted">{row.consent.detail}</div> : null}
          </li>
          {row.optOut ? (
            <li>
              <Tag words={row.optOut.words} tone={row.optOut.tone} />
            </li>
          ) : null}
        </ul>
      </td>
      <td data-label="Conversation">
        {row.inboxHref ? (
          <a href={row.inboxHref}>
            <strong>Needs a person</strong>: open the conversation
          </a>
        ) : row.patientHref ? (
          <a href={`${row.patientHref}#messages`}>Messages</a>
        ) : null}
        {row.visit.status === "cancelled" ? <ActionButton page={props.page} action="/waitlist/fills" label="Offer this slot now" look="secondary" fields={{ cancelledRef: row.visit.ref }} /> : null}
      </td>
    </tr>
  );
}

/** The counts and the table: the part of the page that refreshes itself. */
export function ScheduleRegion(props: { view: ScheduleView; page: PageContext; hasSource: boolean; problem?: string }) {
  const { view } = props;
  return (
    <>
      <ul class="counts" aria-label="Today at a glance">
        <li>
          <strong data-count="total">{view.counts.total}</strong> appointments
        </li>
        <li>
          <strong data-count="confirmed">{view.counts.confirmed}</strong> confirmed
        </li>
        <li>
          <strong data-count="awaiting">{view.counts.awaiting}</strong> awaiting an answer
        </li>
        <li>
          <strong data-count="not-asked">{view.counts.notAsked}</strong> not asked yet
        </li>
        {view.counts.noReply > 0 ? (
          <li>
            <strong data-count="no-reply">{view.counts.noReply}</strong> asked, no reply
          </li>
        ) : null}
        <li>
          <strong data-count="needs-staff">{view.counts.needsStaff}</strong> need a person
        </li>
      </ul>
      {props.problem ? <p class="warning-note" role="alert">{props.problem}</p> : null}
      {!props.hasSource ? (
        <p class="warning-note">The schedule comes from your EHR over FHIR, or from your scheduling feed (HL7). Neither is set up yet, so there is nothing to show here.</p>
      ) : view.rows.length === 0 ? (
        <p>No appointments match this day and these filters.</p>
      ) : (
        <DataTable caption="Appointments, earliest first" columns={["Time", "Patient", "Reminders", "Answer", "Texting", "Conversation"]}>
          {view.rows.map((row) => (
            <Row row={row} page={props.page} />
          ))}
        </DataTable>
      )}
    </>
  );
}

export function TodayPage(props: {
  page: PageContext;
  title: string;
  filters: TodayFilters;
  days: { previous: string; today: string; next: string };
  directory: { practitioners: NamedRef[]; locations: NamedRef[] };
  view: ScheduleView;
  hasSource: boolean;
  /** Why the EHR's appointments cannot be shown, with the fix. */
  problem?: string;
  errors?: FieldErrors;
  boundary?: BoundaryReport;
}) {
  const { filters } = props;
  const at = (date: string) => `/today?${todayQuery({ ...filters, date })}`;
  return (
    <Layout page={props.page} title="Today" current="/today">
      <h1>{props.title}</h1>
      {props.boundary ? <BoundaryFlags page={props.page} report={props.boundary} /> : null}
      <nav class="day-nav" aria-label="Other days">
        <a href={at(props.days.previous)}>← Previous day</a>
        <a href={at(props.days.today)}>Today</a>
        <a href={at(props.days.next)}>Next day →</a>
      </nav>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/today" class="filters" aria-label="Choose the day and filters">
        <TextField name="date" label="Day" type="date" value={filters.date} error={props.errors?.date} />
        <SelectField name="location" label="Location" value={filters.location} blank="All locations" options={props.directory.locations.map((l) => ({ value: l.ref, label: l.name }))} />
        <SelectField name="practitioner" label="Practitioner" value={filters.practitioner} blank="All practitioners" options={props.directory.practitioners.map((p) => ({ value: p.ref, label: p.name }))} />
        <button type="submit">Show</button>
      </form>
      <div id="schedule" data-refresh-url={`/today/rows?${todayQuery(filters)}`} data-refresh-seconds="5" aria-live="polite">
        <ScheduleRegion view={props.view} page={props.page} hasSource={props.hasSource} {...(props.problem ? { problem: props.problem } : {})} />
      </div>
    </Layout>
  );
}
