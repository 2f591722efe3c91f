/**
 * What the fan-out is measured against, at the same concurrency and against the same peers:
 * - the raw loop: one `messages.create` per reminder and nothing else (the SDK's ceiling);
 * - the baseline: the same external work a reminder does, one EHR read and one `messages.create`,
 *   plus one durable SQLite insert (WAL, synchronous NORMAL, as minnow's store), so a crash loses
 *   no record of a send. That is the physical limit minnow can approach.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { createFhirClient } from "../connectors/fhir/client.js";
import { createTwilioClient } from "../connectors/twilio/client.js";

export interface LoopPeers {
  ehrUrl: string;
  twilioUrl: string;
  twilio: { accountSid: string; authToken: string; messagingServiceSid: string };
}

const BODY = "Sunrise Family Clinic: You have an upcoming appointment. Reply C to confirm or R to reschedule. Reply STOP to opt out.";

/** Runs `each` over the items with `concurrency` workers; returns items per second. */
async function loop<T>(items: readonly T[], concurrency: number, each: (item: T, index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await each(items[index] as T, index);
      }
    }),
  );
  return items.length / ((performance.now() - startedAt) / 1000);
}

export function rawLoop(peers: LoopPeers, phones: readonly string[], concurrency: number): Promise<number> {
  const client = createTwilioClient({ accountSid: peers.twilio.accountSid, authToken: peers.twilio.authToken, apiBaseUrl: peers.twilioUrl });
  return loop(phones, concurrency, async (to) => {
    await client.messages.create({ to, messagingServiceSid: peers.twilio.messagingServiceSid, body: BODY });
  });
}

export async function baselineLoop(peers: LoopPeers, work: ReadonlyArray<{ appointmentId: string; phone: string }>, concurrency: number): Promise<number> {
  const client = createTwilioClient({ accountSid: peers.twilio.accountSid, authToken: peers.twilio.authToken, apiBaseUrl: peers.twilioUrl });
  const ehr = createFhirClient({ baseUrl: peers.ehrUrl, auth: { type: "none" } });
  const dir = mkdtempSync(join(tmpdir(), "minnow-bench-baseline-"));
  const db = new BetterSqlite3(join(dir, "baseline.sqlite"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec("create table sends (appointment_id text primary key, sid text not null, sent_at integer not null)");
    const insert = db.prepare("insert into sends (appointment_id, sid, sent_at) values (?, ?, ?)");
    return await loop(work, concurrency, async ({ appointmentId, phone }) => {
      await ehr.read("Appointment", appointmentId);
      const message = await client.messages.create({ to: phone, messagingServiceSid: peers.twilio.messagingServiceSid, body: BODY });
      insert.run(appointmentId, message.sid, Date.now());
    });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
