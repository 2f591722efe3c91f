/**
 * The child half of bench/hl7.ts: a fresh SQLite store, the real workflows journaled by the
 * embedded engine (its worker is not started, so reminders are planned, not sent), and the real
 * HL7 feed (listener, commit before ACK, drain through applyAppointment). One MLLP connection
 * sends the feed as an interface engine does, each message after the previous one's ACK. Prints
 * one JSON line of figures.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hl7Client } from "@medplum/hl7";
import { ackCode, readHl7Text } from "../connectors/hl7/send-message.js";
import { buildWorkflows, workflowList } from "../workflows/index.js";
import { loadEnv } from "../src/config/env.js";
import { parsePracticeConfig } from "../src/config/practice.js";
import { createEmbeddedEngine } from "../src/engine/embedded/index.js";
import { setLogLevel } from "../src/log.js";
import { startHl7Feed } from "../src/runtime/hl7-feed.js";
import type { Services } from "../src/runtime/services.js";
import { openStore } from "../src/store/db.js";
import { generateKeyMaterial, parseKeyMaterial } from "../src/store/keyring.js";
import { openStoreCrypto } from "../src/store/store-crypto.js";
import { siuText, type SiuSpec } from "../tests/connectors/hl7/siu-builder.js";

const MESSAGES = Number(process.env.HL7_BENCH_MESSAGES ?? 10_000);
const PATIENTS = 2_000;
const HOUR = 3_600_000;

/** Half new bookings, then a reschedule of 30% of them and a cancellation of 20%. */
function feed(now: number): SiuSpec[] {
  const booked = Math.round(MESSAGES * 0.5);
  const moved = Math.round(MESSAGES * 0.3);
  const specs: SiuSpec[] = [];
  const base = (i: number, event: SiuSpec["event"], n: number, startHours: number): SiuSpec => ({
    event,
    controlId: `BENCH-${n}`,
    sent: new Date(now - HOUR + n * 10),
    appointmentId: `FL-${i}`,
    start: new Date(now + startHours * HOUR),
    mrn: `MRN${i % PATIENTS}`,
    cell: `312555${String(1000 + (i % PATIENTS)).slice(-4)}`,
  });
  for (let i = 0; i < booked; i++) specs.push(base(i, "S12", specs.length, 48 + (i % 200)));
  for (let i = 0; i < moved; i++) specs.push(base(i, "S13", specs.length, 72 + (i % 200)));
  for (let i = 0; specs.length < MESSAGES; i++) specs.push(base(moved + i, "S15", specs.length, 48 + ((moved + i) % 200)));
  return specs;
}

async function main(): Promise<void> {
  setLogLevel("silent");
  const dataDir = mkdtempSync(join(tmpdir(), "minnow-bench-hl7-"));
  const store = await openStore({ dataDir });
  const crypto = await openStoreCrypto(store, parseKeyMaterial(generateKeyMaterial()));
  let services: Services | undefined;
  const workflows = buildWorkflows(() => {
    if (!services) throw new Error("services not ready");
    return services;
  });
  const engine = createEmbeddedEngine({ store, workflows: workflowList(workflows) });
  const clock = { now: () => new Date() };
  services = { env: loadEnv({ LOG_LEVEL: "silent" }), config: parsePracticeConfig({}), store, crypto, engine, sms: { sender: "+13125550100", send: async () => ({ ok: true, sid: "SM0", status: "queued" }), findSent: async () => null }, sources: {}, clock };
  const hl7 = await startHl7Feed(loadEnv({ HL7_MLLP_PORT: "0" }), services, workflows, { sandbox: false });
  if (!hl7) throw new Error("no HL7 feed");
  const messages = feed(Date.now()).map((spec) => readHl7Text(siuText(spec)));
  const client = new Hl7Client({ host: "127.0.0.1", port: hl7.listener.port });
  const startedAt = performance.now();
  let notAa = 0;
  for (const message of messages) if (ackCode(await client.sendAndWait(message, { timeoutMs: 30_000 })) !== "AA") notAa += 1;
  const ackedAt = performance.now();
  await hl7.drain();
  const appliedAt = performance.now();
  await client.close();
  const counts = await store.db.selectFrom("hl7_messages").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status").execute();
  const runs = await store.db.selectFrom("workflow_runs").select(["workflow_id", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("workflow_id").execute();
  await hl7.stop();
  await engine.stop();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify({
    messages: messages.length,
    notAa,
    ackSeconds: (ackedAt - startedAt) / 1000,
    appliedSeconds: (appliedAt - startedAt) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    statuses: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    runs: Object.fromEntries(runs.map((r) => [r.workflow_id, Number(r.n)])),
  }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
