/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { z } from "zod";
import { isRevoked } from "../../messaging/inbound/phone-consent-state.js";
import { CONSENT_SCOPES, PhiLevelSchema } from "../../policy/consent.js";
import type { Services } from "../../runtime/services.js";
import { consentChanged } from "../../automations/start-runs.js";
import { recordConsentAudited, revokeConsentAudited } from "../../store/consent-changes.js";
import { phoneOptOut } from "../../store/phone-opt-outs.js";
import { displayPhone } from "../../messaging/reply-texts.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { readPatientView, searchPatients, type PatientView } from "../data/patient-view.js";
import { list, parseForm, text, type FieldErrors, type FormValues } from "../forms.js";
import { renderPage, requireAccess, viewerOf } from "../page.js";
import { PatientPage, PatientSearchPage, STAFF_CONSENT_SOURCES, STAFF_REVOKE_REASONS } from "../pages/patient-pages.js";
import { NotFoundPage } from "../pages/status-pages.js";
import { displayZone, formatDate, formatWhen } from "../time.js";

/**
 * Patient lookup: find someone by name (the EHR's search) or mobile number (minnow's blind
 * index), then see their consent scope by scope with its history, their recent texts, and record
 * or revoke a consent with its evidence. The search goes by POST, so names stay out of addresses
 * and browser history; each view and change is audited by reference.
 */
const NOTICES: Record<string, string> = {
  recorded: "Consent recorded. It applies to the next text minnow decides on.",
  revoked: "Those texts are stopped. Only a new consent brings them back.",
};

const SearchSchema = z.object({ q: z.string().trim().min(2, "Enter at least two letters of a name, or a mobile number").max(100, "Enter a shorter search") });

const RecordSchema = z.object({
  scopes: z.array(z.enum(CONSENT_SCOPES)).min(1, "Choose at least one kind of text"),
  phiLevel: PhiLevelSchema.catch("none"),
  source: z.enum(STAFF_CONSENT_SOURCES, { message: "Choose how the patient gave consent" }),
  evidence: z.string().trim().min(3, "Say where this consent can be proven, for example “Paper form scanned as DOC-1042”").max(500, "Keep the evidence under 500 characters"),
});

const RevokeSchema = z.object({
  scopes: z.array(z.enum(CONSENT_SCOPES)).min(1, "Choose which texts should stop"),
  reason: z.enum(STAFF_REVOKE_REASONS, { message: "Choose why" }),
});

const formShape = (values: FormValues) => ({ ...values, scopes: list(values, "scopes") });

async function showPatient(c: Context<ConsoleEnv>, services: Services, view: PatientView, extra: { form?: "record" | "revoke"; values?: FormValues; errors?: FieldErrors; status?: 200 | 422 } = {}) {
  const zone = displayZone(services.config);
  const now = services.clock.now();
  await auditStaff(services, viewerOf(c).id, "console.patient_viewed", { subjectRef: view.ref, details: { consents: view.history.length, messages: view.messages.length } });
  return renderPage(
    c,
    services,
    (page) => <PatientPage page={page} view={view} when={(at) => formatWhen(at, zone, now)} day={(at) => formatDate(at, zone)} notice={NOTICES[c.req.query("notice") ?? ""]} {...extra} />,
    extra.status ?? 200,
  );
}

export function mountPatientRoutes(app: ConsoleApp, services: Services): void {
  const guard = requireAccess(services, "patients");
  const notFound = (c: Context<ConsoleEnv>) => renderPage(c, services, (page) => <NotFoundPage page={page} what="This patient" back={{ href: "/patients", label: "Find a patient" }} />, 404);

  app.get("/patients", guard, (c) => renderPage(c, services, (page) => <PatientSearchPage page={page} />));

  app.post("/patients/search", guard, async (c) => {
    const form = await parseForm(c, SearchSchema);
    if (!form.ok) return renderPage(c, services, (page) => <PatientSearchPage page={page} query={text(form.values, "q")} errors={form.errors} />, 422);
    const result = await searchPatients(services, form.data.q);
    await auditStaff(services, viewerOf(c).id, "console.patient_search", { details: { by: result.by, results: result.hits.length } });
    return renderPage(c, services, (page) => <PatientSearchPage page={page} query={form.data.q} result={result} />);
  });

  app.post("/patients/:ref{.+}/consents/revoke", guard, async (c) => {
    const view = await readPatientView(services, c.req.param("ref"));
    if (!view) return notFound(c);
    const form = await parseForm(c, RevokeSchema, formShape);
    const consent = view.standing.consent;
    if (!form.ok) return showPatient(c, services, view, { form: "revoke", values: form.values, errors: form.errors, status: 422 });
    if (!consent || (isRevoked(consent) && consent.revokedScopes === undefined)) return showPatient(c, services, view, { form: "revoke", values: form.values, errors: { scopes: "Every text is already stopped for this patient" }, status: 422 });
    if (await revokeConsentAudited(services, consent, { scopes: form.data.scopes, reason: form.data.reason, at: services.clock.now() }, `staff:${viewerOf(c).id}`)) await consentChanged(services, consent.patientRef, services.clock.now());
    return c.redirect(`/patients/${encodeURIComponent(view.ref)}?notice=revoked`, 303);
  });

  app.post("/patients/:ref{.+}/consents", guard, async (c) => {
    const view = await readPatientView(services, c.req.param("ref"));
    if (!view) return notFound(c);
    const form = await parseForm(c, RecordSchema, formShape);
    if (!form.ok) return showPatient(c, services, view, { form: "record", values: form.values, errors: form.errors, status: 422 });
    const phone = view.standing.contact?.phone;
    if (!phone) return showPatient(c, services, view, { form: "record", values: form.values, errors: { scopes: "minnow has no mobile number for this patient yet" }, status: 422 });
    // A number that texted STOP takes no new consent here: the patient opts back in by texting START.
    const optOut = await phoneOptOut(services.store, services.crypto.index.phone(phone));
    if (optOut) return showPatient(c, services, view, { form: "record", values: form.values, errors: { scopes: `This number opted out of texts on ${formatDate(optOut.at, displayZone(services.config))}. Carriers block every text to it until the patient texts START to ${displayPhone(services.config.practice.phone)}; minnow records their consent then.` }, status: 422 });
    const viewer = viewerOf(c);
    await recordConsentAudited(services, { patientRef: view.ref, phone, scopes: form.data.scopes, phiLevel: form.data.phiLevel, source: form.data.source, evidence: form.data.evidence, capturedBy: viewer.email, capturedAt: services.clock.now() }, `staff:${viewer.id}`);
    await consentChanged(services, view.ref, services.clock.now());
    return c.redirect(`/patients/${encodeURIComponent(view.ref)}?notice=recorded`, 303);
  });

  app.get("/patients/:ref{.+}", guard, async (c) => {
    const view = await readPatientView(services, c.req.param("ref"));
    return view ? showPatient(c, services, view) : notFound(c);
  });
}
