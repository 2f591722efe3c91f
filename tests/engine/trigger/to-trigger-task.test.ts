import { calculateNextRetryDelay, resourceCatalog } from "@trigger.dev/core/v3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_RETRY, defineWorkflow, ref, retryDelayMs, type RetryPolicy } from "../../../src/engine/port.js";
import { toTriggerRetry } from "../../../src/engine/trigger/retry.js";
import { triggerQueues } from "../../../src/engine/trigger/queues.js";
import { toTriggerTask } from "../../../src/engine/trigger/to-trigger-task.js";
import { installTaskCatalog } from "./fake-platform.js";
import { testBinding } from "./rig.js";

installTaskCatalog();
const noStore = () => Promise.reject(new Error("no store in this test"));
const noop = async () => undefined;

describe("toTriggerTask", () => {
  it("binds a workflow as a schemaTask under its id, whose payload parser is the workflow's input schema", async () => {
    const wf = defineWorkflow({ id: "bind-me", input: z.object({ appointmentRef: ref(), touch: z.number() }), run: noop });
    const task = toTriggerTask(wf, { store: noStore }, testBinding());
    expect(task.id).toBe("bind-me");
    const registered = resourceCatalog.getTask("bind-me");
    const parse = registered?.fns.parsePayload;
    if (!parse) throw new Error("the schemaTask registered no payload parser");
    await expect(parse({ appointmentRef: "Appointment/1", touch: 2 })).resolves.toEqual({ appointmentRef: "Appointment/1", touch: 2 });
    await expect(parse({ appointmentRef: "Jane Doe", touch: 2 })).rejects.toThrow();
    await expect(parse({ appointmentRef: "Appointment/1" })).rejects.toThrow();
    expect(registered?.schedule).toBeUndefined();
  });

  it.each([
    { name: "the port default", retry: undefined, want: { maxAttempts: 5, minTimeoutInMs: 1_000, maxTimeoutInMs: 60_000, factor: 2, randomize: false } },
    { name: "a workflow's own policy", retry: { maxAttempts: 2, minDelayMs: 10 }, want: { maxAttempts: 2, minTimeoutInMs: 10, maxTimeoutInMs: 60_000, factor: 2, randomize: false } },
  ])("declares $name as the task's retry options", ({ retry, want }) => {
    const wf = defineWorkflow({ id: `retry-${want.maxAttempts}`, input: z.object({ r: ref() }), retry, run: noop });
    toTriggerTask(wf, { store: noStore }, testBinding());
    expect(resourceCatalog.getTask(wf.id)?.retry).toEqual(want);
  });

  it("binds a cron workflow as a schedules.task with no cron in code: its schedule is attached at run time, from the config", () => {
    const wf = defineWorkflow({ id: "cron-bound", input: z.object({}), schedule: { cron: "*/15 * * * *" }, run: noop });
    toTriggerTask(wf, { store: noStore }, testBinding());
    const registered = resourceCatalog.getTask(wf.id);
    expect(registered?.triggerSource).toBe("schedule");
    expect(registered?.schedule).toBeUndefined();
  });

  it("declares the binding's queue and every concurrency limit it holds", () => {
    const wf = defineWorkflow({ id: "queued", input: z.object({ r: ref() }), run: noop });
    toTriggerTask(wf, { store: noStore }, { queue: triggerQueues({ ehrReads: 10, sends: 20 }).sends });
    expect(resourceCatalog.getTask(wf.id)).toMatchObject({ queue: { name: "minnow-sends" }, concurrency: { limits: ["minnow-sends", "minnow-ehr-reads"] } });
    const limits = resourceCatalog.listConcurrencyLimitManifests();
    expect(limits).toEqual(expect.arrayContaining([expect.objectContaining({ name: "minnow-ehr-reads", total: 10 }), expect.objectContaining({ name: "minnow-sends", total: 20 })]));
  });

  it("refuses a cron workflow whose input cannot be empty, naming it", () => {
    const wf = defineWorkflow({ id: "cron-bad", input: z.object({ r: ref() }), schedule: { cron: "* * * * *" }, run: noop });
    expect(() => toTriggerTask(wf, { store: noStore }, testBinding())).toThrow(/"cron-bad".*rejects \{\}/);
  });
});

describe("toTriggerRetry", () => {
  const policy = fc.record({
    maxAttempts: fc.integer({ min: 1, max: 10 }),
    minDelayMs: fc.integer({ min: 1, max: 100_000 }),
    maxDelayMs: fc.integer({ min: 1, max: 10_000_000 }),
    factor: fc.integer({ min: 1, max: 5 }),
  });

  it("gives Trigger.dev the same backoff as the embedded engine, attempt by attempt", () => {
    fc.assert(
      fc.property(policy, fc.integer({ min: 1, max: 12 }), (p: RetryPolicy, attempt) => {
        const trigger = calculateNextRetryDelay(toTriggerRetry(p), attempt);
        if (attempt >= p.maxAttempts) return trigger === undefined;
        return trigger === Math.round(retryDelayMs(p, attempt));
      }),
    );
  });

  it("defaults to the port's DEFAULT_RETRY", () => {
    expect(toTriggerRetry()).toMatchObject({ maxAttempts: DEFAULT_RETRY.maxAttempts, minTimeoutInMs: DEFAULT_RETRY.minDelayMs });
  });
});
