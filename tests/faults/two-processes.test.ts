import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "../../src/sandbox/fake-twilio.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";
import { FAULT_TWILIO, faultDataDir, seededRandom, type FaultDataDir } from "./helpers/kill-env.js";
import { bundleMinnow, events, removeBundle, spawnMinnow, type MinnowProcess } from "./helpers/minnow-process.js";
import { countByPhone, faultPracticeConfig, notExactlyOnce, startFaultPractice, type FaultPractice } from "./helpers/practice.js";

/**
 * Two `minnow start` processes on one database. On Postgres they share the work, and when one is
 * SIGKILLed mid-fan-out the other carries on: each reminder reaches Twilio exactly once and the
 * audit chain still verifies. On SQLite the second process is refused, naming the first.
 */
const REMINDERS = 2_000;
const seed = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const rand = seededRandom(seed);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("two minnow processes on one database", () => {
  let bundle: string;
  let twilio: FakeTwilio;
  let data: FaultDataDir;
  const practices: FaultPractice[] = [];
  const children: MinnowProcess[] = [];
  const spawn = (env: Record<string, string>, args?: string[]) => {
    const child = spawnMinnow(bundle, env, args);
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    [bundle, twilio] = await Promise.all([bundleMinnow("two"), startFakeTwilio({ accountSid: FAULT_TWILIO.accountSid, authToken: FAULT_TWILIO.authToken })]);
    data = faultDataDir("minnow-fault-two-");
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await twilio?.close();
    for (const p of practices) await p.ehr.close();
    data?.cleanup();
    if (bundle) removeBundle(bundle);
  });

  it("SQLite: a second process on the same store is refused, naming the first and pointing to Postgres; the lock goes with the process", { timeout: 60_000 }, async () => {
    const practice = await startFaultPractice(1);
    practices.push(practice);
    const env = data.env({ fhirBaseUrl: practice.ehr.baseUrl, twilioBaseUrl: twilio.baseUrl, config: faultPracticeConfig() });
    const first = spawn(env);
    await first.ready;
    expect(first.proc.exitCode, first.lines.join("\n")).toBeNull();

    const second = spawn(env);
    expect(await second.exited).toBe(1);
    const refusal = second.lines.join("\n");
    expect(refusal).toContain(`process ${first.proc.pid} on host `);
    expect(refusal).toMatch(/started \d{4}-\d\d-\d\dT/);
    expect(refusal).toContain("Postgres");
    expect(refusal).toContain("DATABASE_URL");
    expect(second.lines.some((l) => l.includes('"server.listening"'))).toBe(false);

    // Killed outright, the first leaves no stale lock: the operating system released it.
    await first.kill();
    const third = spawn(env);
    await third.ready;
    expect(third.proc.exitCode, third.lines.join("\n")).toBeNull();
    // The banner comes once the shutdown handler is installed: from then on SIGTERM stops it cleanly.
    while (!third.lines.some((l) => l.includes("Press Ctrl+C")) && third.proc.exitCode === null) await pause(20);
    third.proc.kill("SIGTERM");
    expect(await third.exited).toBe(0);
  });

  for (const dialect of testDialects().filter((d) => d === "postgres")) {
    it(`${dialect}: ${REMINDERS} reminders, one process SIGKILLed mid-way: none lost, none sent twice, the audit chain verifies`, { timeout: 600_000 }, async () => {
      let store: TestStore | undefined;
      try {
        const [opened, practice] = await Promise.all([openTestStore("postgres"), startFaultPractice(REMINDERS)]);
        store = opened;
        practices.push(practice);
        const db = opened.db;
        const env = { ...data.env({ fhirBaseUrl: practice.ehr.baseUrl, twilioBaseUrl: twilio.baseUrl, config: faultPracticeConfig() }), DATABASE_URL: opened.databaseUrl ?? "" };
        const sentBefore = twilio.messages().length;
        const sent = () => twilio.messages().slice(sentBefore);

        const [a, b] = [spawn(env), spawn(env)];
        await Promise.all([a.ready, b.ready]);
        expect([a.proc.exitCode, b.proc.exitCode], [...a.lines, ...b.lines].slice(-20).join("\n")).toEqual([null, null]);

        const killAt = Math.round(REMINDERS * (0.3 + 0.4 * rand()));
        while (sent().length < killAt && a.proc.exitCode === null) await pause(5);
        await a.kill();
        const atKill = sent().length;
        const context = () => `seed ${seed}, killed at ${atKill} sent\n${b.lines.filter((l) => /"level":"(warn|error)"/.test(l)).slice(-15).join("\n")}`;
        expect(atKill, context()).toBeLessThan(REMINDERS);

        // Runs the killed process held are taken over when their 30 s lease lapses.
        const recorded = async () => Number((await db.selectFrom("outbound_messages").select((eb) => eb.fn.countAll().as("n")).where("provider_sid", "is not", null).executeTakeFirstOrThrow()).n);
        // On a loaded machine this takes a while; it gives up only when nothing moved for a minute.
        let progress = "";
        let movedAt = Date.now();
        for (;;) {
          const now = `${new Set(sent().map((m) => m.to)).size}/${await recorded()}`;
          if (now === `${REMINDERS}/${REMINDERS}` || b.proc.exitCode !== null || Date.now() - movedAt > 60_000) break;
          if (now !== progress) [progress, movedAt] = [now, Date.now()];
          await pause(250);
        }
        // A duplicate would show within this pause.
        await pause(1_500);
        b.proc.kill("SIGTERM");
        expect(await b.exited, context()).toBe(0);

        const messages = sent();
        expect(notExactlyOnce(practice.phones, countByPhone(messages)), context()).toEqual([]);
        expect(messages).toHaveLength(REMINDERS);
        // Both processes did part of the work: they shared it, not one waiting on the other.
        const sentBy = [a, b].map((p) => events(p.lines, "message.sent").length);
        expect(Math.min(...sentBy), `${context()}\nsent by each: ${sentBy.join(", ")}`).toBeGreaterThan(0);
        const rows = await db.selectFrom("outbound_messages").select("provider_sid").execute();
        expect(new Set(rows.map((r) => r.provider_sid))).toEqual(new Set(messages.map((m) => m.sid)));

        const verify = spawn(env, ["audit", "verify"]);
        expect(await verify.exited, verify.lines.join("\n")).toBe(0);
      } finally {
        await store?.dispose();
      }
    });
  }
});
