import { afterEach, describe, expect, it } from "vitest";
import { recordTemplatesOf } from "../../src/runtime/config-change.js";
import { listAudit } from "../../src/store/audit-log.js";
import { listPracticeConfigVersions, savePracticeConfigVersion } from "../../src/store/practice-config-versions.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

/** Settings: the config file's schema and messages, nothing changed on a refusal, a saved version in force at once. */
let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const FILE = { caps: { perWeek: 3 }, practice: { name: "Lakeside Clinic" } };

async function openSettings(): Promise<ConsoleRig> {
  const opened = await openConsoleRig({ config: FILE });
  await recordTemplatesOf(opened.services.store, await savePracticeConfigVersion(opened.services.store, { raw: FILE, by: "config-file", at: opened.services.clock.now() }));
  return opened;
}

/** The form as the page shows it, with some fields changed. */
async function submit(client: Awaited<ReturnType<ConsoleRig["signIn"]>>, changes: Record<string, string>) {
  const html = await (await client.get("/settings")).text();
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input id="f-[^"]*" name="([^"]+)" type="text" value="([^"]*)"/g)) fields[match[1] ?? ""] = match[2] ?? "";
  return client.post("/settings", { ...fields, ...changes });
}

describe("settings", () => {
  it("shows the settings in force, and refuses invalid values with plain words beside each field, keeping what was typed and changing nothing", async () => {
    rig = await openSettings();
    const manager = await rig.signIn("manager");
    const html = await (await manager.get("/settings")).text();
    expect(html).toContain('name="reminders.touches" type="text" value="72h, 24h"');
    expect(html).toContain('name="caps.perWeek" type="text" value="3"');
    const res = await submit(manager, { "caps.perWeek": "40", "reminders.touches": "72h, soon", "retention.auditDays": "365", "waitlist.holdMinutes": "a while", "waitlist.batchSize": "2.5", "payments.cadenceDays": "0, 7, 400", "caps.perDay": "", "reminders.allowCancelByText": "on" });
    expect(res.status).toBe(422);
    const refused = await res.text();
    const text = refused.replace(/<[^>]+>/g, " ").replace(/&lt;/g, "<").replace(/&quot;/g, '"');
    expect(text).toContain("Nothing was saved");
    const besideField = (name: string) => new RegExp(`id="f-${name.replace(".", "\\.")}-error"[^>]*>\\s*<span[^>]*>Error: </span>([^<]*)</p>`).exec(refused)?.[1]?.replace(/&quot;/g, '"').trim();
    expect(besideField("reminders.touches")).toBe('"soon" is not a time before the appointment. Write it like "72h" (hours), "2d" (days) or "90m" (minutes)');
    expect(besideField("retention.auditDays")).toBe("The days the audit log is kept must be at least 2190 (six years, as HIPAA requires); you entered 365");
    expect(besideField("caps.perWeek")).toBe("The most texts a week can be at most 20; you entered 40");
    expect(besideField("caps.perDay")).toBe("Enter the most texts a day: it cannot be left empty");
    expect(besideField("waitlist.holdMinutes")).toBe('Enter the minutes an offer is held as a number; "a while" is not one');
    expect(besideField("waitlist.batchSize")).toBe("Enter the patients offered an opening at once as a whole number, without decimals; you entered 2.5");
    expect(besideField("payments.cadenceDays")).toBe("Each day after the statement can be at most 365; you entered 400");
    // No schema wording anywhere on the page.
    expect(text).not.toMatch(/expected (number|int|array)|received string|Too (big|small)|<=|>=/);
    // What was typed stays in the form, the tick box too.
    expect(refused).toContain('name="waitlist.holdMinutes" type="text" value="a while"');
    expect(refused).toContain('name="reminders.touches" type="text" value="72h, soon"');
    expect(refused).toContain('name="payments.cadenceDays" type="text" value="0, 7, 400"');
    expect(refused).toContain('name="caps.perDay" type="text" value=""');
    expect(/name="reminders.allowCancelByText"[^>]*value="on"[^>]*checked|checked[^>]*name="reminders.allowCancelByText"/.test(refused)).toBe(true);
    expect(await listPracticeConfigVersions(rig.services.store)).toHaveLength(1);
    expect(rig.services.config.caps.perWeek).toBe(3);
  });

  it("saves a valid change as a new version over the stored config, audits it, and puts it in force at once", async () => {
    rig = await openSettings();
    const manager = await rig.signIn("admin");
    const res = await submit(manager, { "caps.perWeek": "2", "payments.cadenceDays": "0, 14" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings?saved=2");
    const [latest] = await listPracticeConfigVersions(rig.services.store);
    expect(latest?.raw).toEqual({ caps: { perWeek: 2 }, practice: { name: "Lakeside Clinic" }, payments: { cadenceDays: [0, 14] } });
    expect(latest?.createdBy).toBe(`staff:${manager.staff.id}`);
    expect(rig.services.config.caps.perWeek).toBe(2);
    expect(rig.services.config.payments.cadenceDays).toEqual([0, 14]);
    const audit = await listAudit(rig.services.store, "config:settings");
    expect(audit.map((a) => [a.action, a.actor, JSON.parse(a.details) as unknown])).toEqual([["settings.saved", `staff:${manager.staff.id}`, { changed: "payments.cadenceDays,caps.perWeek", configVersion: 2 }]]);
    expect(await pageText(await manager.get("/settings?saved=2"))).toContain("Saved as version 2");
  });

  it("is for managers and administrators only", async () => {
    rig = await openSettings();
    const desk = await rig.signIn("front-desk");
    expect((await desk.get("/settings")).status).toBe(403);
    expect((await desk.post("/settings", { "caps.perWeek": "2" })).status).toBe(403);
    expect(await listPracticeConfigVersions(rig.services.store)).toHaveLength(1);
  });
});
