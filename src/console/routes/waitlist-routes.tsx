/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { startRecipeRunsFor } from "../../automations/start-runs.js";
import type { Context } from "hono";
import type { Services } from "../../runtime/services.js";
import { startMinnowWorkflow } from "../../server/routes/start-sync-run.js";
import { addToWaitlist, setWaitlistStatus } from "../../store/waitlist.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { patientNames, practiceDirectory, type NamedRef } from "../data/ehr-directory.js";
import { patientsOnPhone } from "../data/phone-lookup.js";
import { freedSlots, recentFills, waitingEntries } from "../data/waitlist-view.js";
import { readForm, text, type FieldErrors, type FormValues } from "../forms.js";
import { renderPage, requireAccess, viewerOf } from "../page.js";
import { WaitlistPage } from "../pages/waitlist-page.js";
import { appointmentZone, dayBounds, dayKey, displayZone, formatDate, formatWhen } from "../time.js";

/**
 * The waitlist: who is waiting and for when, the openings being filled (offers, holds, who took
 * it), and "Offer this slot now", which starts the same fill a cancellation seen by sync starts.
 */
const NOTICES: Record<string, string> = {
  added: "Added to the waitlist.",
  removed: "Taken off the waitlist.",
  "fill-started": "Offers are going out for that slot. Answers show below as they come in.",
  "fill-running": "That slot has already been offered; its offers show below.",
};

async function render(c: Context<ConsoleEnv>, services: Services, extra: { values?: FormValues; errors?: FieldErrors; status?: 200 | 422 } = {}): Promise<Response> {
  const zone = displayZone(services.config);
  const now = services.clock.now();
  const [entries, fills, slots, directory] = await Promise.all([waitingEntries(services), recentFills(services), freedSlots(services), practiceDirectory(services)]);
  const openSlots = slots.filter((s) => !fills.some((f) => f.cancelledRef === s.ref));
  const slotZones = await Promise.all(openSlots.map((s) => appointmentZone(services, s)));
  const chosenRef = c.req.query("patient") ?? (extra.values ? text(extra.values, "patientRef") : "");
  const refs = [...entries.map((e) => e.patientRef), ...fills.flatMap((f) => [...f.offers.map((o) => o.patientRef), ...(f.takenBy ? [f.takenBy] : [])]), ...(chosenRef ? [chosenRef] : [])];
  const names = await patientNames(services, refs);
  const places = new Map<string, string>([...directory.practitioners, ...directory.locations].map((n: NamedRef) => [n.ref, n.name]));
  const placeName = (ref: string | null | undefined) => (ref ? (places.get(ref) ?? "Not on file") : "Anyone");
  await auditStaff(services, viewerOf(c).id, "console.waitlist_viewed", { details: { entries: entries.length, fills: fills.length, patientRefs: [...new Set(refs)] } });
  return renderPage(
    c,
    services,
    (page) => (
      <WaitlistPage
        page={page}
        entries={entries}
        fills={fills}
        slots={openSlots.map((s, i) => ({ value: s.ref, label: `${formatWhen(s.start, slotZones[i] ?? zone, now)} · ${placeName(s.practitionerRef)} · ${placeName(s.locationRef)}` }))}
        practitioners={directory.practitioners.map((p) => ({ value: p.ref, label: p.name }))}
        locations={directory.locations.map((l) => ({ value: l.ref, label: l.name }))}
        names={names}
        placeName={placeName}
        when={(at) => formatWhen(at, zone, now)}
        day={(at) => formatDate(at, zone)}
        chosen={chosenRef && names.has(chosenRef) ? { ref: chosenRef, name: names.get(chosenRef) ?? "" } : undefined}
        notice={NOTICES[c.req.query("notice") ?? ""]}
        {...(extra.values ? { values: extra.values } : {})}
        {...(extra.errors ? { errors: extra.errors } : {})}
      />
    ),
    extra.status ?? 200,
  );
}

async function readEntry(services: Services, values: FormValues): Promise<{ errors: FieldErrors } | { patientRef: string; from: Date; to: Date; practitionerRef: string | null; locationRef: string | null; priority: number }> {
  const errors: FieldErrors = {};
  const zone = displayZone(services.config);
  let patientRef = text(values, "patientRef");
  if (!patientRef) {
    const phone = text(values, "phone");
    const found = phone.trim() ? await patientsOnPhone(services, phone) : null;
    if (!phone.trim()) errors.phone = "Enter the patient's mobile number";
    else if (found === null) errors.phone = "Enter a phone number, like (312) 555-0142";
    else if (found.length === 0) errors.phone = "No patient has this number on file";
    else if (found.length > 1) errors.phone = `${found.length} patients share this number: add the right one from their patient page`;
    else patientRef = found[0] ?? "";
  }
  const from = dayBounds(text(values, "from"), zone);
  const to = dayBounds(text(values, "to"), zone);
  if (!from) errors.from = "Enter the first day they can come";
  if (!to) errors.to = "Enter the last day they can come";
  if (from && to && to.to <= from.from) errors.to = "The last day must be on or after the first day";
  else if (to && to.to.getTime() <= services.clock.now().getTime()) errors.to = "The last day must be today or later";
  const directory = await practiceDirectory(services);
  const practitionerRef = text(values, "practitioner") || null;
  const locationRef = text(values, "location") || null;
  if (practitionerRef && !directory.practitioners.some((p) => p.ref === practitionerRef)) errors.practitioner = "Choose a practitioner from the list";
  if (locationRef && !directory.locations.some((l) => l.ref === locationRef)) errors.location = "Choose a location from the list";
  const priority = text(values, "priority") || "5";
  if (priority !== "1" && priority !== "5") errors.priority = "Choose how soon they need it";
  if (Object.keys(errors).length || !from || !to) return { errors };
  return { patientRef, from: from.from, to: to.to, practitionerRef, locationRef, priority: Number(priority) };
}

export function mountWaitlistRoutes(app: ConsoleApp, services: Services): void {
  const guard = requireAccess(services, "waitlist");

  app.get("/waitlist", guard, (c) => render(c, services));

  app.post("/waitlist/entries", guard, async (c) => {
    const values = await readForm(c);
    const entry = await readEntry(services, values);
    if ("errors" in entry) return render(c, services, { values, errors: entry.errors, status: 422 });
    const now = services.clock.now();
    const id = await addToWaitlist(services.store, { patientRef: entry.patientRef, requestedStart: entry.from, requestedEnd: entry.to, priority: entry.priority, practitionerRef: entry.practitionerRef, locationRef: entry.locationRef }, now);
    await startRecipeRunsFor(services, { kind: "waitlist.joined", subjectRef: id });
    await auditStaff(services, viewerOf(c).id, "console.waitlist_added", { subjectRef: entry.patientRef, details: { entryId: id, priority: entry.priority, from: dayKey(entry.from, displayZone(services.config)) } });
    return c.redirect("/waitlist?notice=added", 303);
  });

  app.post("/waitlist/entries/:id/remove", guard, async (c) => {
    const id = c.req.param("id");
    const row = await services.store.db.selectFrom("waitlist").select(["patient_ref", "status"]).where("id", "=", id).executeTakeFirst();
    if (row && row.status !== "removed") {
      await setWaitlistStatus(services.store, id, "removed");
      await auditStaff(services, viewerOf(c).id, "console.waitlist_removed", { subjectRef: row.patient_ref, details: { entryId: id } });
    }
    return c.redirect("/waitlist?notice=removed", 303);
  });

  app.post("/waitlist/fills", guard, async (c) => {
    const values = await readForm(c);
    const cancelledRef = text(values, "cancelledRef");
    const slot = (await freedSlots(services)).find((s) => s.ref === cancelledRef);
    if (!slot) return render(c, services, { values, errors: { cancelledRef: "Choose a cancelled appointment that is still ahead" }, status: 422 });
    const started = await startMinnowWorkflow(services, "waitlistFill", { cancelledRef }, { key: `waitlist:${cancelledRef}` });
    await auditStaff(services, viewerOf(c).id, "console.fill_started", { subjectRef: cancelledRef, decision: started.started ? "started" : "already-running" });
    return c.redirect(`/waitlist?notice=${started.started ? "fill-started" : "fill-running"}`, 303);
  });
}
