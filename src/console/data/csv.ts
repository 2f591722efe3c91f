import type { Context } from "hono";

/**
 * CSV for auditors and spreadsheets (RFC 4180: quoted where needed, CRLF). A cell that starts
 * with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.
 */
function cell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** A CSV download, named by what it holds, never cached. */
export function csvResponse(c: Context, filename: string, body: string): Response {
  return c.body(body, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" });
}
