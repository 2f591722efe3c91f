import type { Appointment, Bundle } from "@medplum/fhirtypes";
import { z } from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defineWorkflow } from "../../src/engine/port.js";
import { resolveLocation } from "../../src/locations/resolve-location.js";
import { setLogLevel } from "../../src/log.js";
import { startMainJob, type MainJob } from "../../src/runtime/main-job.js";
import { MESA_PHONE } from "../../src/sandbox/seed-mesa-clinic.js";
import { runCli } from "../cli/run-cli.js";
import { tempDir, testEnv, type TempDir } from "./helpers.js";

/**
 * `npm start` with nothing configured: the sandbox practice has a clinic in Arizona with its own
 * number, whose zone minnow learns from the sandbox EHR, and the sandbox CLI answers as a phone does.
 */
const noSync = () => ({ sync: defineWorkflow({ id: "sync", input: z.object({}), schedule: { cron: "0 0 1 1 *" }, run: async () => undefined }) });

let dir: TempDir | undefined;
let job: MainJob | undefined;
beforeAll(() => setLogLevel("silent"));
afterAll(() => setLogLevel("info"));
afterEach(async () => {
  await job?.stop();
  job = undefined;
  dir?.cleanup();
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the sandbox's second location, in another time zone", { timeout: 90_000 }, () => {
  it("lists the sandbox's three sites, and places a seeded Mesa appointment in Phoenix time (from the EHR) with the Mesa number", async () => {
    dir = tempDir();
    job = await startMainJob(testEnv({ DATA_DIR: dir.dir, PORT: "0" }), { workflows: noSync });
    const { services } = job.runtime;
    expect(services.config.locations.map((l) => [l.id, l.fhir, l.sender ?? null])).toEqual([
      ["north", "Location/loc-north", null],
      ["south", "Location/loc-south", null],
      ["mesa", "Location/loc-mesa", MESA_PHONE],
    ]);
    const fhir = services.sources.fhir;
    if (!fhir) throw new Error("the sandbox has an EHR");
    const bundle: Bundle = await fhir.search("Appointment", { status: "booked", _count: 500 });
    const mesa = (bundle.entry ?? []).map((e) => e.resource as Appointment).find((a) => a.participant.some((p) => p.actor?.reference === "Location/loc-mesa"));
    expect(mesa).toBeDefined();
    const located = await resolveLocation(services, { ref: `Appointment/${mesa?.id ?? ""}`, locationRef: "Location/loc-mesa" });
    expect(located).toMatchObject({ id: "mesa", name: "Mesa Clinic", timeZone: "America/Phoenix", zoneFrom: "ehr", sender: MESA_PHONE, unlisted: false });
  });

  it("`sandbox reply` answers the number that last texted the phone, or the one given with --sender; HELP names that clinic", async () => {
    dir = tempDir();
    job = await startMainJob(testEnv({ DATA_DIR: dir.dir, PORT: "0" }), { workflows: noSync });
    const outbox = () => job?.runtime.outbox?.fake.messages() ?? [];
    const env = { DATA_DIR: dir.dir };
    const phone = "+13125550177";

    const toMesa = await runCli(["sandbox", "reply", phone, "HELP", "--sender", MESA_PHONE], env);
    expect(toMesa.code).toBe(0);
    expect(toMesa.stdout).toContain(`Reply to ${MESA_PHONE}`);
    await until(() => outbox().length === 1);
    expect(outbox()[0]).toMatchObject({ to: phone, from: MESA_PHONE });
    expect(outbox()[0]?.body).toMatch(/^Mesa Clinic: For help call \(480\) 555-0100\./);

    // No --sender: the phone answers whoever texted it last, the Mesa number.
    expect((await runCli(["sandbox", "reply", phone, "HELP"], env)).stdout).toContain(`Reply to ${MESA_PHONE}`);
    await until(() => outbox().length === 2);
    expect(outbox()[1]).toMatchObject({ to: phone, from: MESA_PHONE });

    // A phone nobody texted yet answers the practice's own number.
    const other = "+13125550178";
    expect((await runCli(["sandbox", "reply", other, "HELP"], env)).stdout).toContain("Reply to +13125550100");
    await until(() => outbox().length === 3);
    expect(outbox()[2]).toMatchObject({ to: other, from: "+13125550100" });
    expect(outbox()[2]?.body).toMatch(/^Sunrise Family Clinic: For help call \(312\) 555-0100\./);
  });
});
