import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "../../src/sandbox/fake-twilio.js";
import { openStore } from "../../src/store/db.js";
import { startFaultProxy, type FaultProxy, type ProxyVerdict } from "./helpers/fault-proxy.js";
import { FAULT_TWILIO, faultDataDir, seededRandom, type FaultDataDir } from "./helpers/kill-env.js";
import { bundleMinnow, events, removeBundle, spawnMinnow, type MinnowProcess } from "./helpers/minnow-process.js";
import { countByPhone, faultPracticeConfig, notExactlyOnce, startFaultPractice, type FaultPractice } from "./helpers/practice.js";

/**
 * `minnow start` is SIGKILLed at random points of a 1,000-reminder fan-out and restarted each
 * time. Half the kills land in the worst place: Twilio has accepted a message and minnow has not
 * heard back (the proxy drops the 201 and kills). Every reminder must still reach the fake Twilio
 * exactly once: the restart reconciles the unknown outcome against Twilio's message list.
 */
const REMINDERS = 1_000;

async function runStatuses(dataDir: string): Promise<string> {
  const store = await openStore({ dataDir });
  try {
    const rows = await store.db.selectFrom("workflow_runs").select(["workflow_id", "status"]).execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(`${r.workflow_id}:${r.status}`, (counts.get(`${r.workflow_id}:${r.status}`) ?? 0) + 1);
    return JSON.stringify(Object.fromEntries(counts));
  } finally {
    await store.close();
  }
}
/** How many of minnow's outbound records hold Twilio's id, read beside the running process. */
function recordedSends(dataDir: string): number {
  const db = new BetterSqlite3(join(dataDir, "minnow.sqlite"), { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return (db.prepare("select count(*) as n from outbound_messages where provider_sid is not null").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const KILLS = 12;
const seed = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const rand = seededRandom(seed);

describe("minnow start under SIGKILL during a fan-out", () => {
  let practice: FaultPractice;
  let twilio: FakeTwilio;
  let proxy: FaultProxy;
  let data: FaultDataDir;
  let bundle: string;
  /** Set by a "gap" kill: the n-th create from now is accepted, then the child dies unanswered. */
  let gap: { remaining: number; kill: () => void } | undefined;

  beforeAll(async () => {
    [bundle, practice, twilio] = await Promise.all([bundleMinnow("kill"), startFaultPractice(REMINDERS), startFakeTwilio({ accountSid: FAULT_TWILIO.accountSid, authToken: FAULT_TWILIO.authToken })]);
    proxy = await startFaultProxy(twilio.baseUrl, ({ method }): ProxyVerdict => {
      if (method !== "POST" || !gap) return { kind: "pass" };
      if (--gap.remaining > 0) return { kind: "pass" };
      const { kill } = gap;
      gap = undefined;
      return { kind: "drop-response", then: kill };
    });
    data = faultDataDir("minnow-fault-kill-");
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await twilio?.close();
    await practice?.ehr.close();
    data?.cleanup();
    if (bundle) removeBundle(bundle);
  });

  it(`sends each of ${REMINDERS} reminders exactly once across ${KILLS} SIGKILLs and restarts`, { timeout: 320_000 }, async () => {
    const env = data.env({ fhirBaseUrl: practice.ehr.baseUrl, twilioBaseUrl: proxy.baseUrl, config: faultPracticeConfig() });
    const lines: string[] = [];
    const sentAtKill: number[] = [];
    const kinds: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const child: MinnowProcess = spawnMinnow(bundle, env);
      await child.ready;
      expect(child.proc.exitCode, `seed ${seed}: minnow exited at start:\n${child.lines.join("\n")}`).toBeNull();
      // Spread the kills over the whole fan-out: kill k lands near message k/(KILLS+1) of it.
      const target = Math.round(((kill + rand()) * REMINDERS) / (KILLS + 1));
      if (kill === 0) {
        kinds.push("sync");
        await new Promise((r) => setTimeout(r, 200 + rand() * 2_000));
      } else if (kill % 2 === 1) {
        // Right after Twilio accepted a message, before minnow could record it.
        kinds.push("gap");
        gap = { remaining: Math.max(1, target - twilio.messages().length), kill: () => child.proc.kill("SIGKILL") };
        while (gap && child.proc.exitCode === null) await new Promise((r) => setTimeout(r, 5));
        gap = undefined;
      } else {
        kinds.push("timed");
        while (twilio.messages().length < target && child.proc.exitCode === null) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, rand() * 300));
      }
      await child.kill();
      lines.push(...child.lines);
      sentAtKill.push(twilio.messages().length);
      if (process.env.FAULT_VERBOSE) console.error(`kill ${kill + 1} (${kinds.at(-1)}) at ${Math.round(performance.now() / 1000)} s: ${twilio.messages().length} sent`);
      expect(child.lines.some((l) => l.includes('"runtime.stopped"')), `seed ${seed}: kill ${kill + 1} found minnow already stopped`).toBe(false);
      expect(twilio.messages().length, `seed ${seed}: nothing was left to send at kill ${kill + 1}; the kills must interrupt the fan-out`).toBeLessThan(REMINDERS);
    }

    const last = spawnMinnow(bundle, env);
    await last.ready;
    // Runs leased by a killed process are taken over once their 30 s lease lapses; a message Twilio
    // accepted just before a kill is recorded only then, when its run reconciles it.
    const deadline = Date.now() + 100_000;
    const done = () => new Set(twilio.messages().map((m) => m.to)).size >= REMINDERS && recordedSends(data.dir) >= REMINDERS;
    while (!done() && Date.now() < deadline && last.proc.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    // Anything still due would have been sent by now; a duplicate would show within this pause.
    await new Promise((r) => setTimeout(r, 1_500));
    last.proc.kill("SIGTERM");
    const code = await last.exited;
    lines.push(...last.lines);

    const diagnosis = await runStatuses(data.dir);
    const problems = last.lines.filter((l) => /"level":"(warn|error)"/.test(l)).slice(-15);
    const context = `seed ${seed}, kills ${kinds.join(",")}, sent at each kill ${sentAtKill.join(",")}; runs ${diagnosis}\n${problems.join("\n")}`;
    expect(code, `${context}\n${last.lines.slice(-20).join("\n")}`).toBe(0);
    const messages = twilio.messages();
    expect(notExactlyOnce(practice.phones, countByPhone(messages)), context).toEqual([]);
    expect(messages).toHaveLength(REMINDERS);

    // minnow's own record agrees with Twilio's: one submitted message per reminder, each with its provider id.
    const store = await openStore({ dataDir: data.dir });
    try {
      const rows = await store.db.selectFrom("outbound_messages").select(["provider_sid", "status"]).execute();
      expect(rows).toHaveLength(REMINDERS);
      expect(new Set(rows.map((r) => r.provider_sid))).toEqual(new Set(messages.map((m) => m.sid)));
      // An effect still "pending" after a kill is fine only if minnow's record already holds the
      // provider id (sendOutreach returns early on it without settling the effect row).
      const unsettled = await store.db.selectFrom("effects").select("key").where("status", "!=", "done").where("key", "like", "reminder:%").execute();
      const unknown: string[] = [];
      for (const { key } of unsettled) {
        const row = await store.db.selectFrom("outbound_messages").select("provider_sid").where("effect_key", "=", key).executeTakeFirst();
        if (!row?.provider_sid) unknown.push(key);
      }
      expect(unknown, context).toEqual([]);
    } finally {
      await store.close();
    }
    // The hard case happened and was closed by reconciling, not by sending again.
    const reconciled = events(lines, "effect.reconciled").filter((e) => e.happened === true);
    expect(reconciled.length, context).toBeGreaterThan(0);
  });
});
