import { messageJson, messageUri, type FakeMessage } from "./fake-twilio-wire.js";

/**
 * GET Messages.json: newest first, filtered by To, From and DateSent (exact day, `DateSent>` on or
 * after, `DateSent<` on or before), paged with PageSize/Page and a `next_page_uri` the SDK follows.
 */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

function parseDate(value: string | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function filterMessages(store: readonly FakeMessage[], query: URLSearchParams): FakeMessage[] {
  const to = query.get("To");
  const from = query.get("From");
  const sentOn = query.get("DateSent");
  const after = parseDate(query.get("DateSent>"));
  const before = parseDate(query.get("DateSent<"));
  return store
    .filter((m) => (!to || m.to === to) && (!from || m.from === from))
    .filter((m) => !sentOn || (m.dateSent !== null && dayOf(m.dateSent) === sentOn))
    .filter((m) => !after || (m.dateSent !== null && m.dateSent.getTime() >= after.getTime()))
    .filter((m) => !before || (m.dateSent !== null && m.dateSent.getTime() <= before.getTime()))
    .reverse();
}

export function listMessages(store: readonly FakeMessage[], accountSid: string, query: URLSearchParams): Record<string, unknown> {
  const matches = filterMessages(store, query);
  const requested = Number(query.get("PageSize") ?? DEFAULT_PAGE_SIZE);
  const pageSize = Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  const requestedPage = Number(query.get("Page") ?? 0);
  const page = Number.isInteger(requestedPage) && requestedPage >= 0 ? requestedPage : 0;
  const start = page * pageSize;
  const items = matches.slice(start, start + pageSize);

  const filters = new URLSearchParams([...query].filter(([key]) => !["Page", "PageSize", "PageToken"].includes(key)));
  const pageUri = (n: number) => {
    const params = new URLSearchParams(filters);
    params.set("PageSize", String(pageSize));
    params.set("Page", String(n));
    if (n > 0) params.set("PageToken", `PA${n}`);
    return `${messageUri(accountSid)}?${params.toString()}`;
  };
  return {
    messages: items.map(messageJson),
    end: Math.max(start, start + items.length - 1),
    first_page_uri: pageUri(0),
    next_page_uri: start + pageSize < matches.length ? pageUri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    start,
    uri: pageUri(page),
  };
}
