import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { readOutbox } from "../../src/cli/sandbox-outbox-command.js";
import { liveSandboxState } from "../../src/runtime/sandbox-state.js";
import { fencedBlocks, section } from "../readme/readme-names.js";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "../cli/run-cli.js";
import { eventually, logLines, npmStart, type NpmStart } from "./helpers/npm-start.js";

/**
 * The README's walkthrough, command by command as it is written there, against `npm start` on a
 * fresh DATA_DIR, with the sandbox clock at 03:00 UTC (night in Chicago) and at 15:00 UTC (day).
 * A README edit that adds, drops or rewords a command fails here until this test follows it.
 */
const WALKTHROUGH = section("## Your first reminder (the sandbox)");
const COMMANDS = fencedBlocks(WALKTHROUGH, "sh").flatMap((block) => block.split("\n").map((line) => line.replace(/#.*$/, "").trim()).filter(Boolean));
const BOOKED = /You're booked|Su cita qued/;
const FILLED = /just filled|ya se llen/;

let dir: TempDir | undefined;
let job: NpmStart | undefined;
afterEach(async () => {
  if (job && job.child.exitCode === null) {
    job.child.kill("SIGKILL");
    await job.exited;
  }
  job = undefined;
  dir?.cleanup();
});

interface OutboxText {
  to: string;
  body: string;
}

async function outboxTexts(dataDir: string): Promise<OutboxText[]> {
  const state = liveSandboxState(dataDir);
  if (!state) throw new Error("no sandbox is running");
  return (await readOutbox(state.outbox.baseUrl, state.outbox.accountSid, 10_000)).messages.reverse().map((m) => ({ to: m.to, body: m.body }));
}

async function ehrAppointment(dataDir: string, ref: string): Promise<Appointment> {
  const base = liveSandboxState(dataDir)?.ehrBaseUrl ?? "";
  return (await (await fetch(`${base}/${ref}`)).json()) as Appointment;
}

/** A signal to the npm process (SIGINT is Ctrl+C); returns how long minnow took to stop and npm to exit. */
async function stop(running: NpmStart, signal: "SIGINT" | "SIGTERM"): Promise<number> {
  const at = Date.now();
  running.child.kill(signal);
  const exit = await running.exited;
  expect(exit.code === 0 || exit.signal === signal).toBe(true);
  expect(running.output()).toContain(`"event":"engine.shutdown.done","time":`);
  return exit.at - at;
}

describe.each([
  ["03:00 UTC (9 PM in Chicago)", "2026-12-03T03:00:00Z"],
  ["15:00 UTC (9 AM in Chicago)", "2026-12-03T15:00:00Z"],
])("the README walkthrough at %s", { timeout: 240_000 }, (_, clock) => {
  it("start, outbox, C, cancel, two YES at once, restart: every step as the README says", async () => {
    expect(COMMANDS).toEqual([
      "npm install && npm start",
      "npx minnow sandbox outbox",
      "npx minnow sandbox reply <phone> C",
      "npx minnow sandbox cancel",
      "npx minnow sandbox reply <first offered phone> YES",
      "npx minnow sandbox reply <second offered phone> YES",
    ]);
    dir = tempDir("minnow-walkthrough-");
    const dataDir = dir.dir;
    const env = { DATA_DIR: dataDir };

    // npm start: the first message.sent, timed from the spawn.
    job = npmStart({ DATA_DIR: dataDir, MINNOW_SANDBOX_CLOCK: clock });
    const running = job;
    await eventually(running, "the first message.sent", () => (logLines(running.output(), "message.sent").length > 0 ? true : undefined), 30_000);
    const firstSentMs = Date.now() - running.startedAt;
    expect(firstSentMs).toBeLessThan(30_000);
    console.info(`[walkthrough ${clock}] first message.sent ${firstSentMs} ms after npm start`); // shown when the test fails
    expect(running.output()).toMatch(/ {2}Zone {4}\S+\. It is/);
    await eventually(running, "the first sync's reminders", () => (logLines(running.output(), "sync.summary").length > 0 ? true : undefined));

    // npx minnow sandbox outbox
    const outbox = await runCli(["sandbox", "outbox"], env);
    expect(outbox.code).toBe(0);
    // The first sync sends 20-odd reminders: the outbox says where it cuts them.
    const cut = /Showing the newest 20 of (\d+), oldest first; --limit N for more/.exec(outbox.stdout);
    expect(Number(cut?.[1])).toBeGreaterThan(20);
    expect(outbox.stdout.match(/^\S.* {2}to \+\d+ {2}\[/gm)).toHaveLength(20);
    const all = await outboxTexts(dataDir);

    // npx minnow sandbox reply <phone> C: a phone with one reminder asking for C.
    const once = (phone: string) => all.filter((t) => t.to === phone).length === 1;
    const asked = all.find((t) => t.body.includes("Reply C to confirm") && once(t.to));
    expect(asked).toBeDefined();
    const phone = asked?.to ?? "";
    expect((await runCli(["sandbox", "reply", phone, "C"], env)).code).toBe(0);
    const applied = await eventually(running, "the C applied", () => logLines(running.output(), "reminder.reply_applied").find((l) => l.event === "reminder.reply_applied"));
    const confirmedRef = String(applied.appointmentRef);
    const confirmed = await ehrAppointment(dataDir, confirmedRef);
    expect(confirmed.participant?.find((p) => p.actor?.reference?.startsWith("Patient/"))?.status).toBe("accepted");

    // npx minnow sandbox cancel
    const cancel = await runCli(["sandbox", "cancel"], env, 60_000);
    expect(cancel.code).toBe(0);
    const cancelledRef = /Cancelled (Appointment\/[\w-]+)/.exec(cancel.stdout)?.[1] ?? "";
    const phones = [...cancel.stdout.matchAll(/npx minnow sandbox reply (\+\d+) YES/g)].map((m) => m[1] ?? "");
    expect(cancelledRef).not.toBe("");
    expect(new Set(phones).size).toBe(2);
    const offered = (to: string) => (t: OutboxText) => t.to === to && /reply yes|responda si/i.test(t.body);
    // The queued sync waits behind the first sync's reminder runs: on a loaded 2-core machine that takes a while.
    await eventually(running, "offers to both phones", async () => ((await outboxTexts(dataDir)).filter((t) => phones.some((p) => offered(p)(t))).length >= 2 ? true : undefined), 120_000);

    // Both YES at the same instant.
    const [first, second] = phones;
    const replies = await Promise.all([runCli(["sandbox", "reply", first ?? "", "YES"], env), runCli(["sandbox", "reply", second ?? "", "YES"], env)]);
    expect(replies.map((r) => r.code)).toEqual([0, 0]);
    const answers = await eventually(running, "one booking and one 'already filled'", async () => {
      const after = (await outboxTexts(dataDir)).filter((t) => phones.includes(t.to));
      const booked = after.filter((t) => BOOKED.test(t.body));
      const filled = after.filter((t) => FILLED.test(t.body));
      return booked.length + filled.length >= 2 ? { booked, filled } : undefined;
    });
    expect(answers.booked).toHaveLength(1);
    expect(answers.filled).toHaveLength(1);
    expect(answers.booked[0]?.to).not.toBe(answers.filled[0]?.to);
    const filledLine = await eventually(running, "waitlist.slot_filled", () => logLines(running.output(), "waitlist.slot_filled")[0]);
    const bookedRef = String(filledLine.bookedRef);
    const slot = await ehrAppointment(dataDir, cancelledRef);
    const booking = await ehrAppointment(dataDir, bookedRef);
    expect(booking).toMatchObject({ status: "booked", start: slot.start });
    expect(logLines(running.output(), "waitlist.slot_filled")).toHaveLength(1);

    // Ctrl+C, then npm start again: nothing re-sent, the booking and the confirmation still there.
    const stopMs = await stop(running, "SIGINT");
    expect(stopMs).toBeLessThan(5_000);
    const sentBefore = (await readOutboxFile(dataDir)).length;
    const later = new Date(new Date(clock).getTime() + (Date.now() - running.startedAt)).toISOString();
    job = npmStart({ DATA_DIR: dataDir, MINNOW_SANDBOX_CLOCK: later });
    const again = job;
    await eventually(again, "the restart's first sync", () => (logLines(again.output(), "sync.summary").length > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 3_000)); // let every woken run decide
    // Nothing texted before is texted again. The one new text allowed is the first reminder of the
    // booking just made (the first run's next sync would have found it too).
    const textedBefore = new Set(logLines(running.output(), "message.sent").map((l) => `${String(l.subjectRef)}:${String(l.templateId)}`));
    const resent = logLines(again.output(), "message.sent").filter((l) => textedBefore.has(`${String(l.subjectRef)}:${String(l.templateId)}`));
    expect(resent).toEqual([]);
    expect(logLines(again.output(), "message.sent").every((l) => l.subjectRef === bookedRef)).toBe(true);
    expect((await outboxTexts(dataDir)).length - sentBefore).toBe(logLines(again.output(), "message.sent").length);
    expect(again.output()).toMatch(/"restored":true/);
    expect(await ehrAppointment(dataDir, bookedRef)).toMatchObject({ status: "booked", start: slot.start });
    expect((await ehrAppointment(dataDir, confirmedRef)).participant?.find((p) => p.actor?.reference?.startsWith("Patient/"))?.status).toBe("accepted");
    expect(await stop(again, "SIGTERM")).toBeLessThan(5_000);
  });
});

async function readOutboxFile(dataDir: string): Promise<unknown[]> {
  const { readSavedOutbox } = await import("../../src/sandbox/fake-twilio-saved.js");
  const { sandboxFiles } = await import("../../src/sandbox/sandbox-files.js");
  return readSavedOutbox(sandboxFiles(dataDir).outbox);
}
