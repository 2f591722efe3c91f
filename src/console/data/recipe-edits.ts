import { emptyStep, type BranchDraft, type RecipeDraft, type StepDraft } from "./recipe-draft.js";

/**
 * The editor's structural buttons, applied to a draft on the server (the page works without
 * script): add a step of a kind to a list, add a reply branch, remove or move a step or branch.
 * An edit is `op` = "add:<list path>", "add-branch:<step path>", "remove:<item path>",
 * "up:<item path>" or "down:<item path>"; nothing typed elsewhere in the draft changes.
 */
export const SIMPLE_STEP_KINDS = ["wait", "send", "write_back", "emit", "waitlist", "inbox", "stop"] as const;
export const STEP_KINDS = ["wait", "send", "wait_for_reply", "write_back", "emit", "waitlist", "inbox", "stop"] as const;

const ID_STEM: Record<string, string> = { wait_for_reply: "reply", write_back: "write-back" };

function allIds(steps: StepDraft[]): string[] {
  return steps.flatMap((s) => [s.id, ...s.branches.flatMap((b) => allIds(b.steps)), ...allIds(s.timeout)]);
}

/** The first free short name for a new step of `kind`: send-1, send-2, … */
export function nextStepId(draft: RecipeDraft, kind: string): string {
  const taken = new Set(allIds(draft.steps));
  const stem = ID_STEM[kind] ?? kind;
  for (let n = 1; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

export function newStep(draft: RecipeDraft, kind: string): StepDraft {
  const step = emptyStep(kind, nextStepId(draft, kind));
  if (kind === "wait") return { ...step, duration: "1d" };
  if (kind === "send") return { ...step, body: { en: "" } };
  if (kind === "waitlist") return { ...step, action: "add" };
  if (kind === "write_back") return { ...step, write: "communication" };
  if (kind === "wait_for_reply") return { ...step, within: "2d", branches: [{ intent: "reschedule", steps: [] }] };
  return step;
}

type Container = StepDraft[] | BranchDraft[];

/** The list a path names inside the draft ("steps", "steps.0.branches", "steps.0.timeout", …). */
function listAt(draft: RecipeDraft, path: string): Container | null {
  let node: unknown = draft;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return null;
    node = (node as Record<string, unknown>)[part];
  }
  return Array.isArray(node) ? (node as Container) : null;
}

function splitItem(path: string): { list: string; index: number } | null {
  const match = /^(.+)\.(\d+)$/.exec(path);
  return match?.[1] && match[2] !== undefined ? { list: match[1], index: Number(match[2]) } : null;
}

/** Whether a list holds top-level steps (where a wait for a reply may go). */
const isTopLevel = (listPath: string) => listPath === "steps";

/** The draft after one edit; an edit that names nothing in the draft changes nothing. */
export function applyEdit(draft: RecipeDraft, op: string, newKind: string): RecipeDraft {
  const next = structuredClone(draft);
  const colon = op.indexOf(":");
  const verb = op.slice(0, colon);
  const path = op.slice(colon + 1);
  if (verb === "add") {
    const target = listAt(next, path);
    const allowed: readonly string[] = isTopLevel(path) ? STEP_KINDS : SIMPLE_STEP_KINDS;
    if (target && allowed.includes(newKind) && /(^steps|\.steps|\.timeout)$/.test(path)) (target as StepDraft[]).push(newStep(next, newKind));
    return next;
  }
  if (verb === "add-branch") {
    const step = listAt(next, path.replace(/\.\d+$/, ""))?.[Number(path.split(".").at(-1))] as StepDraft | undefined;
    const target = step?.kind === "wait_for_reply" ? step.branches : null;
    if (target) {
      const used = new Set(target.map((b) => b.intent));
      const intent = ["reschedule", "confirm", "decline", "accept", "acknowledgement", "unknown"].find((i) => !used.has(i)) ?? "unknown";
      target.push({ intent, steps: [] });
    }
    return next;
  }
  const item = splitItem(path);
  const target = item ? listAt(next, item.list) : null;
  if (!item || !target || item.index >= target.length) return next;
  const { index } = item;
  if (verb === "remove") target.splice(index, 1);
  const swap = verb === "up" ? index - 1 : verb === "down" ? index + 1 : -1;
  if (swap >= 0 && swap < target.length) {
    const moved = target[index];
    target[index] = target[swap] as never;
    target[swap] = moved as never;
  }
  return next;
}

/** The step to bring into view after an edit (the one added or moved), as its form path. */
export function focusAfter(edited: RecipeDraft, op: string): string | undefined {
  const colon = op.indexOf(":");
  const verb = op.slice(0, colon);
  const path = op.slice(colon + 1);
  if (verb === "add") {
    const target = listAt(edited, path);
    return target?.length ? `${path}.${target.length - 1}` : undefined;
  }
  const item = splitItem(path);
  if (!item) return undefined;
  if (verb === "up") return `${item.list}.${item.index - 1}`;
  if (verb === "down") return `${item.list}.${item.index + 1}`;
  return undefined;
}
