/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { Layout, type PageContext } from "../components/layout.js";
import { can, ROLE_NAMES } from "../security/roles.js";
import { NAV } from "../components/nav.js";

/** The page a role gets for a page it may not open: it says why and where it can go. */
export function ForbiddenPage(props: { page: PageContext }) {
  const viewer = props.page.viewer;
  const allowed = viewer ? NAV.filter((item) => can(viewer.role, item.permission)) : [];
  return (
    <Layout page={props.page} title="No access">
      <h1>You do not have access to this page</h1>
      <p>{viewer ? `Your role (${ROLE_NAMES[viewer.role]}) cannot open it. Ask an administrator if you need it for your work.` : "Sign in first."}</p>
      {allowed.length ? (
        <p>
          You can use:{" "}
          {allowed.map((item, i) => (
            <>
              {i > 0 ? ", " : ""}
              <a href={item.href}>{item.label}</a>
            </>
          ))}
          .
        </p>
      ) : null}
    </Layout>
  );
}

/** A page that only says what happened; `alarm` marks it as an error banner for readers and tests. */
function MessagePage(props: { page: PageContext; title: string; heading: string; alarm?: boolean; children: Child }) {
  const body = (
    <>
      <h1>{props.heading}</h1>
      {props.children}
    </>
  );
  return (
    <Layout page={props.page} title={props.title}>
      {props.alarm ? (
        <div class="error-banner" role="alert">
          {body}
        </div>
      ) : (
        body
      )}
    </Layout>
  );
}

export function NotFoundPage(props: { page: PageContext; what: string; back: { href: string; label: string } }) {
  return (
    <MessagePage page={props.page} title="Not found" heading={`${props.what} was not found`}>
      <p>
        It may have been removed, or the link is wrong. <a href={props.back.href}>{props.back.label}</a>
      </p>
    </MessagePage>
  );
}

export function FormExpiredPage(props: { page: PageContext }) {
  return (
    <MessagePage page={props.page} title="Form expired" heading="This form has expired" alarm>
      <p>For your security, minnow refused it: it was sent from an old page or from outside minnow. Nothing was changed. Go back, reload the page, and try again.</p>
    </MessagePage>
  );
}

export function ServerErrorPage(props: { page: PageContext }) {
  return (
    <MessagePage page={props.page} title="Something went wrong" heading="Something went wrong" alarm>
      <p>minnow could not finish this page. Nothing you typed was sent. Try again in a moment; if it keeps happening, tell your administrator the time it happened.</p>
    </MessagePage>
  );
}
