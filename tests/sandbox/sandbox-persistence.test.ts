import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Appointment } from "@medplum/fhirtypes";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "../../src/log.js";
import { startSandboxEhr } from "../../src/sandbox/ehr-server.js";
import { startFakeTwilio } from "../../src/sandbox/fake-twilio.js";
import { sandboxFiles } from "../../src/sandbox/sandbox-files.js";

/** The sandbox's state survives a restart: what was changed stays changed, and nothing is seeded again. */
const NOW = new Date("2030-03-04T15:00:00Z");
const SID = `AC${"2".repeat(32)}`;
const TOKEN = "persist-token";
let dir: string;

beforeAll(() => setLogLevel("silent"));
afterAll(() => setLogLevel("info"));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function freshDir(): string {
  dir = mkdtempSync(join(tmpdir(), "minnow-sandbox-"));
  return dir;
}

async function readAppointment(baseUrl: string, id: string): Promise<Appointment> {
  return (await (await fetch(`${baseUrl}/Appointment/${id}`)).json()) as Appointment;
}

describe("the sandbox EHR with a state file", () => {
  it("keeps a cancellation and its version across a restart, and seeds nothing new even at another 'now'", async () => {
    const file = sandboxFiles(freshDir()).ehr;
    const first = await startSandboxEhr({ now: NOW, stateFile: file });
    const before = await readAppointment(first.baseUrl, "appt-00010");
    const cancelled = await fetch(`${first.baseUrl}/Appointment/appt-00010`, {
      method: "PUT",
      headers: { "content-type": "application/fhir+json" },
      body: JSON.stringify({ ...before, status: "cancelled" }),
    });
    expect(cancelled.status).toBe(200);
    await first.close();

    const second = await startSandboxEhr({ now: new Date(NOW.getTime() + 30 * 60_000), stateFile: file });
    try {
      const after = await readAppointment(second.baseUrl, "appt-00010");
      expect(after).toMatchObject({ status: "cancelled", start: before.start, meta: { versionId: "2" } });
      expect(second.stats).toEqual(first.stats);
      const history = (await (await fetch(`${second.baseUrl}/Appointment/appt-00010/_history`)).json()) as { total: number };
      expect(history.total).toBe(2);
    } finally {
      await second.close();
    }
  });

  it("a slot does not move when the restart comes half an hour later", async () => {
    const file = sandboxFiles(freshDir()).ehr;
    const first = await startSandboxEhr({ now: NOW, stateFile: file });
    const start = (await readAppointment(first.baseUrl, "appt-00001")).start;
    await first.close();
    const second = await startSandboxEhr({ now: new Date(NOW.getTime() + 30 * 60_000), stateFile: file });
    expect((await readAppointment(second.baseUrl, "appt-00001")).start).toBe(start);
    await second.close();
  });

  it("refuses a damaged state file and names the way out", async () => {
    const file = sandboxFiles(freshDir()).ehr;
    mkdirSync(sandboxFiles(dir).folder);
    writeFileSync(file, "[{\"not\": \"a resource\"}]");
    await expect(startSandboxEhr({ now: NOW, stateFile: file })).rejects.toThrow(/damaged.*sandbox reset/);
  });
});

describe("the sandbox outbox with a state file", () => {
  it("still lists the texts sent before a restart, with their status and dates", async () => {
    const file = sandboxFiles(freshDir()).outbox;
    const first = await startFakeTwilio({ accountSid: SID, authToken: TOKEN, stateFile: file });
    const sent = await fetch(`${first.baseUrl}/2010-04-01/Accounts/${SID}/Messages.json`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ To: "+13125550142", From: "+13125550100", Body: "See you Tue" }).toString(),
    });
    expect(sent.status).toBe(201);
    const before = first.messages();
    await first.close();
    const second = await startFakeTwilio({ accountSid: SID, authToken: TOKEN, stateFile: file });
    try {
      expect(second.messages()).toEqual(before);
      expect(second.messages()[0]?.dateCreated).toBeInstanceOf(Date);
    } finally {
      await second.close();
    }
  });
});
