/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { Viewer } from "../context.js";
import { can, ROLE_NAMES } from "../security/roles.js";
import { CSRF_FIELD } from "../security/csrf.js";
import { NAV } from "./nav.js";

/** What every page knows about the request it answers. */
export interface PageContext {
  viewer: Viewer | undefined;
  csrfToken: string;
  practiceName: string;
  /** Milliseconds of inactivity after which the page signs itself out. */
  idleMs: number;
  /** Open inbox items nobody has read, for the menu. */
  unread: number;
}

export function CsrfField(props: { page: PageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken} />;
}

function Menu(props: { page: PageContext; current: string | undefined }) {
  const { viewer } = props.page;
  if (!viewer) return null;
  const items = NAV.filter((item) => can(viewer.role, item.permission));
  return (
    <nav aria-label="Main">
      <ul>
        {items.map((item) => (
          <li>
            <a href={item.href} aria-current={props.current === item.href ? "page" : undefined}>
              {item.label}
              {item.href === "/inbox" && props.page.unread > 0 ? <span class="badge" aria-label={`${props.page.unread} unread`}>{props.page.unread}</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SignedInAs(props: { page: PageContext }) {
  const { viewer } = props.page;
  if (!viewer) return null;
  return (
    <form method="post" action="/sign-out" class="sign-out" id="sign-out-form">
      <CsrfField page={props.page} />
      <span class="who">
        {viewer.email} · {ROLE_NAMES[viewer.role]}
      </span>
      <button type="submit" class="secondary outline">Sign out</button>
    </form>
  );
}

/**
 * Every console page: a skip link, the practice's name, the menu the viewer's role may use, one
 * `main` landmark, and the assets served by minnow itself (no CDN: the pages hold PHI).
 */
export function Layout(props: { page: PageContext; title: string; current?: string; children: Child }) {
  const { page } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="csrf-token" content={page.csrfToken} />
        {page.viewer ? <meta name="idle-timeout-ms" content={String(page.idleMs)} /> : null}
        <title>{`${props.title} · ${page.practiceName}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/console/assets/pico.min.css" />
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <div class="container header-row">
            <a href="/today" class="brand">
              {page.practiceName}
            </a>
            <Menu page={page} current={props.current} />
            <SignedInAs page={page} />
          </div>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {props.children}
        </main>
        <footer class="container site-footer">
          <small>minnow practice console. Everything you open here is recorded in the audit log.</small>
        </footer>
      </body>
    </html>
  );
}
