/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ApiKeyInfo } from "../../store/api-keys.js";
import type { StaffAccount } from "../../store/staff-accounts.js";
import { STAFF_ROLES } from "../../store/staff-accounts.js";
import { ErrorSummary, Notice, SelectField, TextField } from "../components/form-fields.js";
import { ActionButton, DataTable } from "../components/blocks.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { FieldErrors, FormValues } from "../forms.js";
import { text } from "../forms.js";
import { ROLE_NAMES } from "../security/roles.js";

/** Shown once, right after it was made: a sign-in link or an API key. */
function Secret(props: { title: string; value: string | undefined; advice: string }) {
  if (!props.value) return null;
  return (
    <section class="card" aria-labelledby="secret-title">
      <h2 id="secret-title">{props.title}</h2>
      <p>{props.advice}</p>
      <p>
        <code class="secret">{props.value}</code>
      </p>
    </section>
  );
}

export function StaffAdminPage(props: { page: PageContext; staff: StaffAccount[]; when: (at: Date) => string; now: Date; link?: { email: string; url: string } | undefined; values?: FormValues; errors?: FieldErrors; notice?: string | undefined }) {
  const v = (name: string) => (props.values ? text(props.values, name) : "");
  return (
    <Layout page={props.page} title="Staff" current="/admin/staff">
      <h1>Staff accounts</h1>
      <Notice message={props.notice} />
      <Secret title={`Sign-in link for ${props.link?.email ?? ""}`} value={props.link?.url} advice="Give this link to them in person or over a channel you trust. It works once and expires; with it they choose their password. It is not shown again." />
      <DataTable caption="Everyone who can sign in to the console" columns={["Email", "Role", "State", "Actions"]}>
        {props.staff.map((s) => (
          <tr>
            <td data-label="Email">{s.email}</td>
            <td data-label="Role">{ROLE_NAMES[s.role]}</td>
            <td data-label="State">
              {!s.active ? <Tag words="Disabled" tone="muted" /> : s.lockedUntil && s.lockedUntil > props.now ? <Tag words={`Locked until ${props.when(s.lockedUntil)}`} tone="bad" /> : s.passwordSetAt ? <Tag words="Active" tone="ok" /> : <Tag words="Has not signed in yet" tone="wait" />}
            </td>
            <td data-label="Actions">
              {s.active ? (
                <div class="actions">
                  <ActionButton page={props.page} action={`/admin/staff/${s.id}/link`} label="New sign-in link" look="outline" />
                  {s.id !== props.page.viewer?.id ? <ActionButton page={props.page} action={`/admin/staff/${s.id}/disable`} label="Disable" look="secondary" confirm={`Disable ${s.email}? They are signed out at once.`} /> : null}
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
      <section class="card narrow" aria-labelledby="add-staff">
        <h2 id="add-staff">Add someone</h2>
        <ErrorSummary errors={props.errors} />
        <form method="post" action="/admin/staff" novalidate>
          <CsrfField page={props.page} />
          <TextField name="email" label="Work email" type="email" autocomplete="off" value={v("email")} error={props.errors?.email} />
          <SelectField name="role" label="Role" hint="Front desk: schedule, inbox, waitlist and patients. Practice manager: the same, plus the manager's pages. Administrator: everything, including staff and API keys." value={v("role") || "front-desk"} options={STAFF_ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))} error={props.errors?.role} />
          <button type="submit">Add and make a sign-in link</button>
        </form>
      </section>
    </Layout>
  );
}

export function ApiKeysPage(props: { page: PageContext; keys: ApiKeyInfo[]; when: (at: Date) => string; created?: string | undefined; values?: FormValues; errors?: FieldErrors; notice?: string | undefined }) {
  const v = (name: string) => (props.values ? text(props.values, name) : "");
  return (
    <Layout page={props.page} title="API keys" current="/admin/api-keys">
      <h1>API keys</h1>
      <p>Keys let other systems (Zapier, n8n, your own) use minnow's automation API. Only a fingerprint of each key is stored.</p>
      <Notice message={props.notice} />
      <Secret title="Your new API key" value={props.created} advice="Copy it now into the system that will use it. It is not shown again." />
      {props.keys.length === 0 ? (
        <p>No API keys yet.</p>
      ) : (
        <DataTable caption="API keys" columns={["Label", "Can", "Created", "State"]}>
          {props.keys.map((k) => (
            <tr>
              <td data-label="Label">{k.label ?? <span class="muted">No label</span>}</td>
              <td data-label="Can">{k.scope === "write" ? "Read and act" : "Read only"}</td>
              <td data-label="Created">{props.when(k.createdAt)}</td>
              <td data-label="State">
                {k.revokedAt ? (
                  <Tag words={`Revoked ${props.when(k.revokedAt)}`} tone="muted" />
                ) : (
                  <ActionButton page={props.page} action={`/admin/api-keys/${k.id}/revoke`} label="Revoke" look="outline" confirm="Revoke this key? Systems using it stop working at once.">
                    <Tag words="In use" tone="ok" />{" "}
                  </ActionButton>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <section class="card narrow" aria-labelledby="new-key">
        <h2 id="new-key">Create a key</h2>
        <ErrorSummary errors={props.errors} />
        <form method="post" action="/admin/api-keys" novalidate>
          <CsrfField page={props.page} />
          <TextField name="label" label="What is it for?" hint="For example “Zapier, front desk workflows”" value={v("label")} error={props.errors?.label} />
          <SelectField name="scope" label="It can" value={v("scope") || "read"} options={[{ value: "read", label: "Read only" }, { value: "write", label: "Read and act (send texts, record consent)" }]} error={props.errors?.scope} />
          <button type="submit">Create key</button>
        </form>
      </section>
    </Layout>
  );
}
