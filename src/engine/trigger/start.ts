import { idempotencyKeys, tasks } from "@trigger.dev/sdk";
import { log } from "../../log.js";
import type { StartOptions, StartResult, WorkflowDefinition } from "../port.js";

const MAX_KEY_LENGTH = 400;

function validInput<I>(workflow: WorkflowDefinition<I>, input: I): I {
  const parsed = workflow.input.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ");
    throw new Error(`Input for workflow "${workflow.id}" is invalid (${issues}); inputs carry references only.`);
  }
  return parsed.data;
}

/**
 * `step.start` and `engine.start` on Trigger.dev: `tasks.trigger` with the start key as a
 * global idempotency key (a plain string would be scoped to the calling run, so two parents
 * could start the same key twice) and `at` as the delay.
 */
export async function triggerWorkflow<I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions): Promise<StartResult> {
  if (typeof opts.key !== "string" || opts.key.length === 0 || opts.key.length > MAX_KEY_LENGTH) {
    throw new Error(`The start key for workflow "${workflow.id}" must be a non-empty string of at most ${MAX_KEY_LENGTH} characters.`);
  }
  if (opts.at !== undefined && !(opts.at instanceof Date && !Number.isNaN(opts.at.getTime()))) {
    throw new Error(`The start time for workflow "${workflow.id}" is not a valid Date.`);
  }
  const payload = validInput(workflow, input);
  // JSON keeps the key material unambiguous ("a-b" + "c" vs "a" + "b-c").
  const idempotencyKey = await idempotencyKeys.create(JSON.stringify([workflow.id, opts.key]), { scope: "global" });
  let handle: { id: string };
  try {
    handle = await tasks.trigger(workflow.id, payload, { idempotencyKey, ...(opts.at ? { delay: opts.at } : {}) });
  } catch (cause) {
    throw new Error(`Trigger.dev refused to start workflow "${workflow.id}"; check TRIGGER_SECRET_KEY and TRIGGER_API_URL, then retry.`, { cause });
  }
  // The trigger response carries isCached (a run with this key already existed), though the
  // SDK's RunHandle type leaves it out.
  const started = (handle as { isCached?: unknown }).isCached !== true;
  log.debug("engine.trigger.started", { runId: handle.id, workflowId: workflow.id, started });
  return { runId: handle.id, started };
}
