/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { PracticeConfigVersion } from "../../store/practice-config-versions.js";
import { DataTable } from "../components/blocks.js";
import { Choices, ErrorSummary, Notice, TextField } from "../components/form-fields.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import type { SettingsField } from "../data/settings-form.js";
import type { FieldErrors, FormValues } from "../forms.js";
import { list, text } from "../forms.js";
import { whoSaved } from "./templates-pages.js";

/** Settings: reminder touches, the waitlist policy, the payment cadence, frequency caps and retention. */
type Props = { page: PageContext; values: FormValues; errors?: FieldErrors | undefined; notice?: string | undefined; versions: PracticeConfigVersion[]; emails: Map<string, string>; when: (at: Date) => string };

const FIELDS: Array<{ legend: string; fields: Array<{ name: SettingsField; label: string; hint: string }> }> = [
  {
    legend: "Appointment reminders",
    fields: [
      { name: "reminders.touches", label: "When reminders go out, before the appointment", hint: 'Separated by commas, like "72h, 24h" (h hours, d days, m minutes)' },
      { name: "reminders.replyTouch", label: "Which reminder asks the patient to reply C or R", hint: 'One of the times above, like "24h"' },
    ],
  },
  {
    legend: "Waitlist offers",
    fields: [
      { name: "waitlist.batchSize", label: "Patients offered an opening at once", hint: "1 to 50" },
      { name: "waitlist.holdMinutes", label: "Minutes an offer is held", hint: "1 to 1440" },
      { name: "waitlist.cutoffHours", label: "No offers for an opening closer than this many hours", hint: "0 to 72" },
      { name: "waitlist.maxOffersPerWeek", label: "Most offers one patient gets in a week", hint: "1 to 21" },
    ],
  },
  { legend: "Payment reminders", fields: [{ name: "payments.cadenceDays", label: "Days after the statement to remind", hint: 'Separated by commas, like "0, 7, 30"' }] },
  {
    legend: "Limits for every patient",
    fields: [
      { name: "caps.perDay", label: "Most texts a day", hint: "1 to 5 (the FCC healthcare exemption allows 1)" },
      { name: "caps.perWeek", label: "Most texts a week", hint: "1 to 20 (the exemption allows 3)" },
    ],
  },
  {
    legend: "How long minnow keeps things",
    fields: [
      { name: "retention.messageBodyDays", label: "Days message text is kept", hint: "After this only the record that a text was sent remains" },
      { name: "retention.auditDays", label: "Days the audit log is kept", hint: "At least 2190 (six years, as HIPAA requires)" },
    ],
  },
];

export function SettingsPage(props: Props) {
  const v = (name: string) => text(props.values, name);
  return (
    <Layout page={props.page} title="Settings" current="/settings">
      <h1>Settings</h1>
      <ErrorSummary errors={props.errors}>
        <p class="small">Nothing was saved: the settings in force are unchanged.</p>
      </ErrorSummary>
      <Notice message={props.notice} />
      <p>
        These are checked exactly like the config file. A saved change is a new version, in force for the next decision minnow makes. The newest version wins: if the config file changes later, the next start stores it and it wins again. <code>npx minnow config export</code> prints the settings in force as YAML.
      </p>
      <form method="post" action="/settings" class="narrow">
        <CsrfField page={props.page} />
        {FIELDS.map((group) => (
          <fieldset>
            <legend>
              <strong>{group.legend}</strong>
            </legend>
            {group.fields.map((f) => (
              <TextField name={f.name} label={f.label} hint={f.hint} value={v(f.name)} error={props.errors?.[f.name]} />
            ))}
            {group.legend === "Appointment reminders" ? (
              <Choices name="reminders.allowCancelByText" label="Cancelling by text" multiple options={[{ value: "on", label: "Patients may cancel by replying to a reminder" }]} values={list(props.values, "reminders.allowCancelByText")} error={props.errors?.["reminders.allowCancelByText"]} />
            ) : null}
          </fieldset>
        ))}
        <button type="submit">Save settings</button>
      </form>
      <h2>Earlier versions</h2>
      <DataTable caption="Stored versions of the practice config, newest first" columns={["Version", "Saved", "By"]}>
        {props.versions.map((version) => (
          <tr data-config-version={String(version.version)}>
            <td data-label="Version">{version.version}</td>
            <td data-label="Saved">{props.when(version.createdAt)}</td>
            <td data-label="By">{props.emails.get(version.createdBy) ?? whoSaved(version.createdBy)}</td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}
