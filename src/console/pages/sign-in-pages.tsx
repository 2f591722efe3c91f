/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { ErrorSummary, Notice, TextField } from "../components/form-fields.js";
import { CsrfField, Layout, type PageContext } from "../components/layout.js";
import type { FieldErrors } from "../forms.js";

export function SignInPage(props: { page: PageContext; email?: string; errors?: FieldErrors; notice?: string | undefined; next?: string | undefined }) {
  const { errors } = props;
  return (
    <Layout page={props.page} title="Sign in">
      <div class="narrow">
        <h1>Sign in to the practice console</h1>
        <Notice message={props.notice} />
        <ErrorSummary errors={errors} />
        <form method="post" action="/sign-in" novalidate>
          <CsrfField page={props.page} />
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <TextField name="email" label="Work email" type="email" autocomplete="username" value={props.email ?? ""} error={errors?.email} />
          <TextField name="password" label="Password" type="password" autocomplete="current-password" error={errors?.password} />
          <button type="submit">Sign in</button>
        </form>
        <p class="hint">
          New here, or forgot your password? Ask an administrator for a one-time sign-in link.
        </p>
      </div>
    </Layout>
  );
}

export function SetPasswordPage(props: { page: PageContext; token: string; email: string; errors?: FieldErrors }) {
  return (
    <Layout page={props.page} title="Choose a password">
      <div class="narrow">
        <h1>Choose your password</h1>
        <p>
          You are signing in as <strong>{props.email}</strong>. Choose a password you do not use anywhere else. This link works once.
        </p>
        <ErrorSummary errors={props.errors} />
        <form method="post" action={`/welcome/${encodeURIComponent(props.token)}`} novalidate>
          <CsrfField page={props.page} />
          <input type="text" name="username" value={props.email} autocomplete="username" hidden />
          <TextField name="password" label="New password" hint="At least 12 characters. A short sentence is easy to remember and hard to guess." type="password" autocomplete="new-password" error={props.errors?.password} />
          <TextField name="confirm" label="Type it again" type="password" autocomplete="new-password" error={props.errors?.confirm} />
          <button type="submit">Save password and sign in</button>
        </form>
      </div>
    </Layout>
  );
}

export function LinkUnusablePage(props: { page: PageContext }) {
  return (
    <Layout page={props.page} title="Link expired">
      <div class="narrow">
        <h1>This sign-in link cannot be used</h1>
        <p>It has expired or was already used. Ask an administrator for a new one, or sign in with your password.</p>
        <p>
          <a href="/sign-in">Go to sign in</a>
        </p>
      </div>
    </Layout>
  );
}
