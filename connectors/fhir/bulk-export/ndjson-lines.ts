/**
 * The lines of an NDJSON body as they arrive: a chunk at a time, never the whole file in memory.
 * Only the current line is buffered, and a line longer than `maxLineChars` stops the read (a
 * server that sent one giant line, or not NDJSON at all).
 */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

export async function* ndjsonLines(body: AsyncIterable<Uint8Array>, maxLineChars = MAX_LINE_CHARS): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n", start)) {
      const line = pending.slice(start, end).trim();
      if (line) yield line;
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineChars) throw new Error(`An NDJSON line is longer than ${maxLineChars} characters; the file is not NDJSON or one resource is far too large.`);
  }
  const last = (pending + decoder.decode()).trim();
  if (last) yield last;
}

/** Each line parsed as JSON; a line that is not JSON is counted by its number, never quoted. */
export async function* ndjsonRecords(body: AsyncIterable<Uint8Array>, onBadLine: (lineNumber: number) => void): AsyncGenerator<unknown> {
  let lineNumber = 0;
  for await (const line of ndjsonLines(body)) {
    lineNumber += 1;
    try {
      yield JSON.parse(line) as unknown;
    } catch {
      onBadLine(lineNumber);
    }
  }
}
