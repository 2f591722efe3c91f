import { parsePacket } from "@trigger.dev/core/v3";
import { afterEach, describe, expect, it } from "vitest";
import { REF_PATTERN } from "../../../src/engine/port.js";
import { setLogLevel } from "../../../src/log.js";
import { openStack, type Stack } from "../../e2e/helpers/e2e-stack.js";
import { CANARIES, CANARY_CONFIG, leaks, runCanaryVisit } from "../../e2e/helpers/phi-canary.js";
import type { FakeRequest } from "../trigger/fake-api.js";
import { openTriggerScenario, type TriggerScenario } from "./trigger-scenario.js";

let stack: Stack<TriggerScenario> | undefined;
afterEach(async () => {
  setLogLevel("info");
  await stack?.dispose();
  stack = undefined;
});

/** Every string in a JSON value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** What a request carries to Trigger.dev as data: a run's payload, or a signal's. */
async function carried(request: FakeRequest): Promise<unknown> {
  const body = request.body as { payload?: string; options?: { payloadType?: string }; data?: unknown };
  if (request.endpoint === "trigger") return parsePacket({ data: body.payload, dataType: body.options?.payloadType ?? "application/json" });
  if (request.endpoint === "completeToken") return body.data;
  return undefined;
}

describe("PHI canary on Trigger.dev", () => {
  it("every payload and token body the adapter sends over HTTP holds references only, and no canary or phone", async () => {
    setLogLevel("debug");
    stack = await openStack(CANARY_CONFIG, openTriggerScenario);
    const { scenario: s } = stack;
    const { appointmentRef, texts } = await runCanaryVisit(stack);
    expect(texts).toBeGreaterThanOrEqual(2);

    const requests = s.platform.state.requests;
    // The scenario used every endpoint the adapter calls, so each kind of body was inspected.
    expect(new Set(requests.map((r) => r.endpoint))).toEqual(new Set(["createSchedule", "trigger", "waitDuration", "createToken", "waitToken", "completeToken"]));
    const data = await Promise.all(requests.map(carried));
    expect(data.map((d) => JSON.stringify(d ?? null)).join("\n")).toContain(appointmentRef);

    const bodies = requests.map((r) => JSON.stringify(r.body ?? null));
    expect(leaks(bodies, CANARIES)).toEqual([]);
    expect(leaks(data.map((d) => JSON.stringify(d ?? null)), CANARIES)).toEqual([]);
    const notReferences = data.flatMap(strings).filter((v) => !REF_PATTERN.test(v));
    expect(notReferences).toEqual([]);
    for (const r of requests.filter((q) => q.endpoint === "createToken")) expect(Object.keys(r.body as object).sort()).toEqual(["idempotencyKey", "timeout"]);
    expect(leaks(s.logs.map((r) => JSON.stringify(r)), CANARIES)).toEqual([]);
  });
});
