/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { CsrfField, type PageContext } from "./layout.js";

/**
 * Building blocks every console page uses: a table that becomes stacked cards on a phone (each
 * cell labels itself with `data-label`), and a one-button form for an action (CSRF included,
 * optionally asking first).
 */
export function DataTable(props: { caption: string; columns: readonly string[]; children: Child }) {
  return (
    <table class="stack">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th scope="col">{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

export function ActionButton(props: { page: PageContext; action: string; label: string; confirm?: string; look?: "primary" | "secondary" | "outline"; fields?: Record<string, string>; children?: Child }) {
  const look = props.look === "outline" ? "secondary outline" : props.look === "secondary" ? "secondary" : undefined;
  return (
    <form method="post" action={props.action} class="inline-form" data-confirm={props.confirm}>
      <CsrfField page={props.page} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.children}
      <button type="submit" class={look}>
        {props.label}
      </button>
    </form>
  );
}
