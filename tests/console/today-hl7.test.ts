import { afterEach, describe, expect, it } from "vitest";
import { readHl7Text, sendHl7, ackCode } from "../../connectors/hl7/send-message.js";
import { loadEnv } from "../../src/config/env.js";
import { mountConsole } from "../../src/console/index.js";
import { startHl7Feed, type Hl7Feed } from "../../src/runtime/hl7-feed.js";
import { createApp } from "../../src/server/app.js";
import { siuText, type SiuSpec } from "../connectors/hl7/siu-builder.js";
import { openStack, type Stack } from "../e2e/helpers/e2e-stack.js";
import { at, BASE, hours } from "../workflows/helpers/scenario.js";
import { pageText, signInTo } from "./helpers/console-rig.js";

/**
 * Today lists the HL7 feed's appointments beside the EHR's: a confirmation that cannot be
 * written back over SIU still shows on the front desk's schedule.
 */
let stack: Stack | undefined;
let feed: Hl7Feed | null = null;
afterEach(async () => {
  await feed?.stop();
  feed = null;
  await stack?.dispose();
  stack = undefined;
});

const CELL = "+13125550142";

function rowOf(html: string, ref: string): string {
  const start = html.indexOf(`data-appointment="${ref}"`);
  if (start < 0) return "";
  const end = html.indexOf("</tr>", start);
  return html.slice(start, end).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("console today with an HL7 feed", { timeout: 60_000 }, () => {
  it("shows the feed's appointment with its time, location, and the patient's C as confirmed", async () => {
    stack = await openStack({
      reminders: { touches: ["24h"], replyTouch: "24h" },
      locations: [{ name: "Lakeview Clinic", hl7: ["MAIN"], timeZone: "America/Chicago" }],
    });
    const sc = stack.scenario;
    feed = await startHl7Feed(loadEnv({ HL7_MLLP_PORT: "0" }), sc.services, sc.workflows, { sandbox: false });
    if (!feed) throw new Error("no feed");
    const spec: SiuSpec = { event: "S12", controlId: "CTL-T1", sent: at(BASE, -hours(1)), appointmentId: "FL-9", start: at(BASE, hours(25)), firstName: "NORA", location: "MAIN" };
    expect(ackCode(await sendHl7({ host: "127.0.0.1", port: feed.listener.port }, readHl7Text(siuText(spec))))).toBe("AA");
    await feed.drain();
    await sc.drain();

    const app = createApp(sc.services, [mountConsole]);
    const desk = await signInTo(app, sc.services, "front-desk");

    // Wednesday 10:00 AM in Chicago: the day after BASE.
    const before = rowOf(await (await desk.get("/today?date=2026-12-02")).text(), "hl7:FL-9");
    expect(before).toContain("NORA (from the scheduling feed)");
    expect(before).toContain("10:00 AM");
    expect(before).toContain("Lakeview Clinic");
    expect(before).not.toContain("Confirmed");

    sc.setNow(at(BASE, hours(1)));
    await sc.drain();
    expect(stack.sentTo(CELL)).toHaveLength(1);
    await stack.reply(CELL, "C");
    // An hour later: the earlier session has idled out, so the desk signs in again.
    const later = await signInTo(app, sc.services, "front-desk");
    const after = rowOf(await (await later.get("/today?date=2026-12-02")).text(), "hl7:FL-9");
    expect(after).toContain("Confirmed");
    // Another day's page does not list it.
    expect(await pageText(await later.get("/today?date=2026-12-03"))).not.toContain("NORA");
  });
});
