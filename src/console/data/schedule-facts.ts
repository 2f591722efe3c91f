import type { Services } from "../../runtime/services.js";
import { parseJsonColumn } from "../../store/json-column.js";
import type { Touch } from "../../../workflows/reminder-plan.js";
import { currentPlanRefs } from "../../../workflows/reminder-stay.js";
import type { Visit } from "./day-schedule.js";
import type { DecisionFact, SentTouch } from "./reminder-status.js";

/**
 * What minnow recorded about a set of appointments, in a few queries: the reminder messages it
 * sent (by their effect keys), its decisions about each appointment (the audit log, by subject),
 * and the questions still waiting for an answer.
 */
export interface AppointmentFacts {
  sent: Map<string, Map<string, SentTouch>>;
  decisions: Map<string, DecisionFact[]>;
  asking: Set<string>;
}

const ACTIONS = ["message.deferred", "message.skipped", "message.failed", "reminder.touch_skipped", "reminder.stood_down", "reply.applied"];
const CHUNK = 400;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function detailsOf(details: string): Pick<DecisionFact, "until" | "touch" | "templateId"> {
  const parsed = parseJsonColumn<{ until?: unknown; touch?: unknown; templateId?: unknown }>(details, "audit_log.details");
  const until = typeof parsed.until === "string" && !Number.isNaN(Date.parse(parsed.until)) ? new Date(parsed.until) : null;
  return { until, touch: typeof parsed.touch === "string" ? parsed.touch : null, templateId: typeof parsed.templateId === "string" ? parsed.templateId : null };
}

export async function readAppointmentFacts(services: Services, visits: readonly Visit[], touches: readonly Touch[], now: Date): Promise<AppointmentFacts> {
  const facts: AppointmentFacts = { sent: new Map(), decisions: new Map(), asking: new Set() };
  const refs = visits.map((v) => v.ref);
  const keyToTouch = new Map<string, { ref: string; touch: string }>();
  for (const group of chunks(visits)) {
    for (const [ref, plan] of await currentPlanRefs(services, group)) {
      for (const touch of touches) keyToTouch.set(`reminder:${plan}:${touch.name}`, { ref, touch: touch.name });
    }
  }
  for (const keys of chunks([...keyToTouch.keys()])) {
    const rows = await services.store.db.selectFrom("outbound_messages").select(["effect_key", "created_at", "status"]).where("effect_key", "in", keys).execute();
    for (const row of rows) {
      const owner = keyToTouch.get(row.effect_key);
      if (!owner) continue;
      const byTouch = facts.sent.get(owner.ref) ?? new Map<string, SentTouch>();
      byTouch.set(owner.touch, { at: new Date(Number(row.created_at)), status: row.status });
      facts.sent.set(owner.ref, byTouch);
    }
  }
  for (const group of chunks(refs)) {
    const rows = await services.store.db
      .selectFrom("audit_log")
      .select(["subject_ref", "at", "action", "decision", "reasons", "details"])
      .where("subject_ref", "in", group)
      .where("action", "in", ACTIONS)
      .orderBy("seq")
      .execute();
    for (const row of rows) {
      if (!row.subject_ref) continue;
      const list = facts.decisions.get(row.subject_ref) ?? [];
      list.push({ at: new Date(Number(row.at)), action: row.action, decision: row.decision, reasons: parseJsonColumn<string[]>(row.reasons, "audit_log.reasons"), ...detailsOf(row.details) });
      facts.decisions.set(row.subject_ref, list);
    }
    const open = await services.store.db
      .selectFrom("prompts")
      .select("subject_ref")
      .where("subject_ref", "in", group)
      .where("kind", "=", "reminder")
      .where("closed_at", "is", null)
      .where("expires_at", ">", now.getTime())
      .execute();
    for (const row of open) facts.asking.add(row.subject_ref);
  }
  return facts;
}
