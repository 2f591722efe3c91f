/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Notice } from "../components/form-fields.js";
import { DataTable } from "../components/blocks.js";
import { Layout, type PageContext } from "../components/layout.js";
import { Tag } from "../components/tags.js";
import type { ConversationSummary } from "../data/inbox-view.js";
import { intentWords } from "../words.js";

export function InboxListPage(props: { page: PageContext; resolved: boolean; conversations: ConversationSummary[]; when: (at: Date) => string; notice?: string | undefined }) {
  const unread = props.conversations.reduce((n, c) => n + c.unread, 0);
  return (
    <Layout page={props.page} title="Inbox" current="/inbox">
      <h1>Inbox</h1>
      <Notice message={props.notice} />
      <p>
        Replies minnow could not act on by itself: unclear answers, requests to reschedule or cancel, wrong numbers and questions after HELP. Newest first.
      </p>
      <nav class="actions" aria-label="Which conversations">
        <a href="/inbox" aria-current={props.resolved ? undefined : "page"}>
          Needs a person
        </a>
        <a href="/inbox?show=resolved" aria-current={props.resolved ? "page" : undefined}>
          Resolved
        </a>
      </nav>
      {!props.resolved ? (
        <p>
          <strong data-count="unread">{unread}</strong> unread · <strong data-count="open">{props.conversations.length}</strong> conversation{props.conversations.length === 1 ? "" : "s"} waiting
        </p>
      ) : null}
      {props.conversations.length === 0 ? (
        <p>{props.resolved ? "Nothing has been resolved yet." : "Nothing needs a person right now."}</p>
      ) : (
        <DataTable caption={props.resolved ? "Resolved conversations" : "Conversations that need a person"} columns={["Who", "What", "When", props.resolved ? "Resolved by" : "Assigned to"]}>
          {props.conversations.map((c) => (
            <tr data-unread={c.unread > 0 ? "true" : undefined}>
              <td data-label="Who">
                <a href={c.href}>{c.unread > 0 ? <strong>{c.who}</strong> : c.who}</a>
                {c.unread > 0 ? (
                  <>
                    {" "}
                    <Tag words="Unread" tone="bad" />
                  </>
                ) : null}
              </td>
              <td data-label="What">
                {intentWords(c.intent)}
                {c.open > 1 ? <span class="muted"> ({c.open} messages)</span> : null}
              </td>
              <td data-label="When">{props.when(c.lastAt)}</td>
              <td data-label={props.resolved ? "Resolved by" : "Assigned to"}>{props.resolved ? `${c.resolvedBy ?? "Someone"}, ${c.resolvedAt ? props.when(c.resolvedAt) : ""}` : (c.assignedTo ?? <span class="muted">Nobody yet</span>)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
