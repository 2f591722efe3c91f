import { afterEach, describe, expect, it } from "vitest";
import { bucketOf, readInsights } from "../../src/console/data/insights.js";
import { appendAudit } from "../../src/store/audit-log.js";
import { recordPhoneOptOut } from "../../src/store/phone-opt-outs.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

/** Insights: counts per day or week from the audit log and the message store, with no PHI in them. */
let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const ZONE = "America/Chicago";
const at = (iso: string) => new Date(iso);

async function seed(r: ConsoleRig): Promise<void> {
  const { store } = r.services;
  const sent = (when: string, templateId: string, patientRef: string) => appendAudit(store, { actor: "workflow:appointment-reminder", action: "message.sent", subjectRef: "Appointment/a1", decision: "send", reasons: [], details: { templateId, patientRef }, at: at(when) });
  await sent("2026-11-23T15:00:00Z", "appointment-confirm-request", "Patient/p1");
  await sent("2026-11-23T16:00:00Z", "appointment-confirm-request", "Patient/p2");
  await sent("2026-11-24T15:00:00Z", "appointment-reminder", "Patient/p3");
  await sent("2026-11-24T15:30:00Z", "waitlist-offer", "Patient/p4");
  await appendAudit(store, { actor: "workflow:appointment-reminder", action: "message.deferred", subjectRef: "Appointment/a2", decision: "defer", reasons: ["quiet-hours"], details: { templateId: "appointment-reminder", patientRef: "Patient/p5" }, at: at("2026-11-24T03:00:00Z") });
  await appendAudit(store, { actor: "workflow:appointment-reminder", action: "reply.applied", subjectRef: "Appointment/a1", decision: "appointment.confirmed", reasons: ["patient-reply"], details: {}, at: at("2026-11-23T17:00:00Z") });
  await recordPhoneOptOut(store, r.services.crypto.index.phone("+13125550199"), { at: at("2026-11-24T18:00:00Z"), reason: "sms-opt-out", sourceRef: "in_9" });
}

describe("insights", () => {
  it("counts by day in the practice's zone: reminders, deferrals by reason, the confirmation rate and opt-outs, with no patient in them", async () => {
    rig = await openConsoleRig();
    await seed(rig);
    const insights = await readInsights(rig.services, { from: at("2026-11-23T06:00:00Z"), to: at("2026-11-25T06:00:00Z"), bucket: "day", zone: ZONE });
    expect(insights.buckets).toEqual(["2026-11-23", "2026-11-24"]);
    const chart = (id: string) => insights.charts.find((c) => c.id === id)?.series;
    expect(chart("sent")).toEqual([{ label: "reminders", values: [2, 1] }, { label: "all texts", values: [2, 2] }]);
    // 03:00Z on the 24th is the evening of the 23rd in Chicago.
    expect(chart("held")).toEqual([{ label: "deferred: quiet-hours", values: [1, 0] }]);
    expect(chart("confirmation")).toEqual([{ label: "confirmed %", values: [50, 0] }]);
    expect(chart("opt-out")).toEqual([{ label: "opt-outs per 100 texts", values: [0, 50] }, { label: "opt-outs", values: [0, 1] }]);
    expect(JSON.stringify(insights)).not.toContain("Patient/");
  });

  it("groups by the Monday of each week", () => {
    expect(bucketOf(at("2026-11-29T20:00:00Z"), "week", ZONE)).toBe("2026-11-23");
    expect(bucketOf(at("2026-11-30T07:00:00Z"), "week", ZONE)).toBe("2026-11-30");
  });

  it("shows the page with a table per chart and a CSV, refuses a backwards range, and is for managers only", async () => {
    rig = await openConsoleRig();
    await seed(rig);
    const manager = await rig.signIn("manager");
    const page = await manager.get("/insights?from=2026-11-23&to=2026-11-24&bucket=day");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-chart-table="sent"');
    expect(html).toContain('src="/console/assets/uplot.min.js"');
    const csv = await (await manager.get("/insights/sent.csv?from=2026-11-23&to=2026-11-24&bucket=day")).text();
    expect(csv).toBe("day,reminders,all texts\r\n2026-11-23,2,2\r\n2026-11-24,1,2\r\n");
    const backwards = await manager.get("/insights?from=2026-11-24&to=2026-11-01");
    expect(backwards.status).toBe(422);
    expect(await pageText(backwards)).toContain("The end date must be on or after the start date");
    expect((await manager.get("/insights/nothing.csv")).status).toBe(404);
    expect((await manager.get("/console/assets/uplot.min.js")).headers.get("content-type")).toContain("javascript");
    const desk = await rig.signIn("front-desk");
    expect((await desk.get("/insights")).status).toBe(403);
    expect((await desk.get("/insights/sent.csv")).status).toBe(403);
  });
});
