import { z } from "zod";
import { readJsonFile, writeJsonFile } from "./sandbox-files.js";
import type { FakeMessage } from "./fake-twilio-wire.js";

/**
 * The sandbox outbox on disk (DATA_DIR/sandbox/outbox.json), so the phones' screens survive a
 * restart. Dates are written as ISO strings and read back as Dates.
 */
const date = z.string().datetime().transform((v) => new Date(v));
const savedMessage = z.object({
  sid: z.string(),
  accountSid: z.string(),
  to: z.string(),
  from: z.string().nullable(),
  messagingServiceSid: z.string().nullable(),
  body: z.string(),
  status: z.enum(["accepted", "queued", "sent", "delivered", "undelivered", "failed"]),
  statusCallback: z.string().nullable(),
  dateCreated: date,
  dateSent: date.nullable(),
  dateUpdated: date,
  errorCode: z.number().int().nullable(),
});

export function readSavedOutbox(file: string): FakeMessage[] {
  const saved = readJsonFile(file);
  if (saved === undefined) return [];
  const parsed = z.array(savedMessage).safeParse(saved);
  if (!parsed.success) throw new Error(`The sandbox file ${file} is damaged; start over with \`npx minnow sandbox reset\``);
  return parsed.data;
}

export function saveOutbox(file: string, messages: readonly FakeMessage[]): void {
  writeJsonFile(file, messages);
}
