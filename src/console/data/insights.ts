import type { Services } from "../../runtime/services.js";
import { bucketOf, bucketsBetween, type Bucket, type Insights, type Series } from "./insights-buckets.js";
import { noShowChart, waitlistCharts } from "./insights-outcomes.js";

export { bucketOf, type Bucket, type Chart, type Insights } from "./insights-buckets.js";

const REMINDERS = new Set(["appointment-reminder", "appointment-confirm-request"]);

function counter(buckets: string[]) {
  const index = new Map(buckets.map((b, i) => [b, i]));
  const series = new Map<string, number[]>();
  return {
    add(label: string, bucket: string, n = 1) {
      const i = index.get(bucket);
      if (i === undefined) return;
      const values = series.get(label) ?? new Array<number>(buckets.length).fill(0);
      values[i] = (values[i] ?? 0) + n;
      series.set(label, values);
    },
    get: (label: string): number[] => series.get(label) ?? new Array<number>(buckets.length).fill(0),
    all: (): Series[] => [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, values]) => ({ label, values })),
  };
}

const rate = (part: number[], whole: number[]): number[] => part.map((p, i) => (whole[i] ? Math.round((1000 * p) / (whole[i] ?? 1)) / 10 : 0));

/**
 * Insights: counts per day or week over a date range, from the audit log, the message store and
 * the schedule. Aggregates only (counts, rates and medians, never a patient reference, number or
 * text), so a chart, its table and its CSV carry no PHI.
 */
export async function readInsights(services: Pick<Services, "store" | "sources" | "config" | "crypto" | "env" | "clock">, range: { from: Date; to: Date; bucket: Bucket; zone: string }): Promise<Insights> {
  const buckets = bucketsBetween(range.from, range.to, range.bucket, range.zone);
  const within = <T extends { at: number }>(rows: T[]) => rows.map((r) => ({ ...r, key: bucketOf(new Date(Number(r.at)), range.bucket, range.zone) }));
  const audit = within(
    await services.store.db.selectFrom("audit_log").select(["at", "action", "decision", "reasons", "details"])
      .where("action", "in", ["message.sent", "message.deferred", "message.skipped", "reply.applied"])
      .where("at", ">=", range.from.getTime()).where("at", "<", range.to.getTime()).execute(),
  );
  const sent = counter(buckets);
  const held = counter(buckets);
  const replies = counter(buckets);
  for (const row of audit) {
    const templateId = (JSON.parse(row.details) as { templateId?: string }).templateId ?? "";
    if (row.action === "message.sent") {
      sent.add("all texts", row.key);
      if (REMINDERS.has(templateId)) sent.add("reminders", row.key);
      if (templateId === "appointment-confirm-request") sent.add("asked to confirm", row.key);
    } else if (row.action === "reply.applied") {
      replies.add(row.decision ?? "other", row.key);
    } else if (REMINDERS.has(templateId)) {
      const verb = row.action === "message.deferred" ? "deferred" : "skipped";
      for (const reason of JSON.parse(row.reasons) as string[]) held.add(`${verb}: ${reason.split(":").pop() ?? reason}`, row.key);
    }
  }
  const optOuts = counter(buckets);
  const optRows = await services.store.db.selectFrom("phone_opt_outs").select("opted_out_at as at").where("opted_out_at", ">=", range.from.getTime()).where("opted_out_at", "<", range.to.getTime()).execute();
  for (const row of within(optRows)) optOuts.add("opt-outs", row.key);
  const failures = counter(buckets);
  const failed = await services.store.db.selectFrom("outbound_messages").select(["created_at as at", "error_code"]).where("status", "in", ["failed", "undelivered"]).where("created_at", ">=", range.from.getTime()).where("created_at", "<", range.to.getTime()).execute();
  for (const row of within(failed)) failures.add(`error ${row.error_code ?? "unknown"}`, row.key);

  const confirmed = replies.get("appointment.confirmed");
  return {
    buckets,
    charts: [
      { id: "sent", title: "Reminders sent", about: "Appointment reminders sent, and every text sent", kind: "count", series: [{ label: "reminders", values: sent.get("reminders") }, { label: "all texts", values: sent.get("all texts") }] },
      { id: "held", title: "Reminders deferred or skipped, by reason", about: "Deferred texts went later (quiet hours, daily limits); skipped ones never went", kind: "count", series: held.all() },
      { id: "confirmation", title: "Confirmation rate", about: "Patients who replied C, as a percent of reminders asking them to confirm", kind: "percent", series: [{ label: "confirmed %", values: rate(confirmed, sent.get("asked to confirm")) }] },
      { id: "reschedule", title: "Reschedule requests", about: "Patients who replied R to a reminder", kind: "count", series: [{ label: "reschedule requests", values: replies.get("appointment.reschedule_requested") }] },
      { id: "opt-out", title: "Opt-out rate", about: "Numbers that opted out, per 100 texts sent", kind: "percent", series: [{ label: "opt-outs per 100 texts", values: rate(optOuts.get("opt-outs"), sent.get("all texts")) }, { label: "opt-outs", values: optOuts.get("opt-outs") }] },
      await noShowChart(services, range, buckets),
      ...(await waitlistCharts(services, range, buckets)),
      { id: "failures", title: "Delivery failures by carrier error code", about: "Texts the carrier did not deliver, by Twilio's error code", kind: "count", series: failures.all() },
    ],
  };
}
