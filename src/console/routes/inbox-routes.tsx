/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { z } from "zod";
import { STAFF_ANSWER_TEMPLATES } from "../../messaging/default-templates.js";
import { renderMessage } from "../../messaging/templates.js";
import type { Services } from "../../runtime/services.js";
import { startMinnowWorkflow } from "../../server/routes/start-sync-run.js";
import { listStaff } from "../../store/staff-accounts.js";
import { assignInboxItems, markInboxRead, resolveInboxItems } from "../../store/staff-inbox.js";
import { createStaffReply } from "../../store/staff-replies.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { inboxList, inboxThread, type ThreadView } from "../data/inbox-view.js";
import { checkStaffText, firstProblem } from "../data/staff-text-check.js";
import { readForm, text, type FieldErrors, type FormValues } from "../forms.js";
import { pageContext, renderFragment, renderPage, requireAccess, viewerOf } from "../page.js";
import { InboxListPage } from "../pages/inbox-list-page.js";
import { InboxThreadPage, ThreadRegion, type ThreadPageProps } from "../pages/inbox-thread-page.js";
import { NotFoundPage } from "../pages/status-pages.js";
import { LintFindings } from "../pages/lint-fragment.js";
import { can } from "../security/roles.js";
import { isBackgroundRefresh } from "../security/session.js";
import { displayZone, formatTimeInZone, formatWhen } from "../time.js";
import { purposeWords } from "../words.js";

/**
 * The inbox: conversations that need a person, and one conversation with its whole thread. A
 * reply is stored (encrypted) and handed to the `staff-reply` workflow, which takes the same
 * policy decision as every text. Opening a thread is audited; so is every action.
 */
const NOTICES: Record<string, string> = {
  "reply-queued": "Reply queued. It goes out as soon as the checks allow; its status shows in the thread.",
  resolved: "Conversation marked resolved. Its history is kept under Resolved.",
  assigned: "Assignment saved.",
};

const MAX_REPLY = 1000;

function templates(services: Services) {
  return STAFF_ANSWER_TEMPLATES.map((id) => {
    const rendered = renderMessage(services.config, { templateId: id, language: "en", phiLevel: "none", values: {} });
    return { id, label: purposeWords(id), preview: rendered.ok ? rendered.body : "" };
  });
}

async function threadProps(c: Context<ConsoleEnv>, services: Services, view: ThreadView): Promise<Omit<ThreadPageProps, "page">> {
  const now = services.clock.now();
  const zone = displayZone(services.config);
  const staff = (await listStaff(services.store)).filter((s) => s.active).map((s) => ({ value: s.id, label: s.email }));
  const patientZone = view.standings[0]?.zone ?? zone;
  return {
    view,
    when: (at) => formatWhen(at, zone, now),
    patientTime: (at) => formatTimeInZone(at, patientZone),
    now,
    staff,
    templates: templates(services),
    canReadMessages: can(viewerOf(c).role, "messages"),
  };
}

function auditSubject(view: ThreadView): string {
  return view.patients.length === 1 && view.patients[0] ? view.patients[0].ref : view.anchor.inboundId;
}

function validateReply(services: Services, view: ThreadView, values: FormValues): { errors: FieldErrors } | { patientRef: string; templateId: string | null; text: string | null } {
  const errors: FieldErrors = {};
  const patientRef = text(values, "patientRef");
  const answer = text(values, "answer") || "text";
  const words = text(values, "text").trim();
  if (!view.patients.some((p) => p.ref === patientRef)) errors.patientRef = "Choose who this reply is about";
  const templateId = (STAFF_ANSWER_TEMPLATES as readonly string[]).includes(answer) ? answer : null;
  if (answer !== "text" && !templateId) errors.answer = "Choose one of the answers in the list";
  if (answer === "text") {
    if (!words) errors.text = "Write your reply, or choose a ready-made answer";
    else if (words.length > MAX_REPLY) errors.text = `Keep it under ${MAX_REPLY.toLocaleString("en-US")} characters`;
    else {
      const problem = firstProblem(checkStaffText(services.config, words));
      if (problem) errors.text = problem;
    }
  }
  if (Object.keys(errors).length) return { errors };
  return { patientRef, templateId, text: templateId ? null : words };
}

export function mountInboxRoutes(app: ConsoleApp, services: Services): void {
  const guard = requireAccess(services, "inbox");
  const notFound = (c: Context<ConsoleEnv>) => renderPage(c, services, (page) => <NotFoundPage page={page} what="This conversation" back={{ href: "/inbox", label: "Back to the inbox" }} />, 404);

  app.get("/inbox", guard, async (c) => {
    const resolved = c.req.query("show") === "resolved";
    const conversations = await inboxList(services, resolved);
    await auditStaff(services, viewerOf(c).id, "console.inbox_viewed", { details: { resolved, conversations: conversations.length } });
    const zone = displayZone(services.config);
    const now = services.clock.now();
    return renderPage(c, services, (page) => <InboxListPage page={page} resolved={resolved} conversations={conversations} when={(at) => formatWhen(at, zone, now)} notice={NOTICES[c.req.query("notice") ?? ""]} />);
  });

  app.post("/inbox/lint", guard, async (c) => {
    const words = text(await readForm(c), "text").slice(0, MAX_REPLY * 2);
    return renderFragment(c, <LintFindings check={words.trim() ? checkStaffText(services.config, words) : null} />);
  });

  app.get("/inbox/:id", guard, async (c) => {
    const view = await inboxThread(services, c.req.param("id"));
    if (!view) return notFound(c);
    const viewer = viewerOf(c);
    await markInboxRead(services.store, view.open.filter((i) => !i.readAt).map((i) => i.inboundId), viewer.id, services.clock.now());
    await auditStaff(services, viewer.id, "console.thread_viewed", { subjectRef: auditSubject(view), details: { inboundId: view.anchor.inboundId, patientRefs: view.patients.map((p) => p.ref), messages: view.messages.length } });
    const props = await threadProps(c, services, view);
    return renderPage(c, services, (page) => <InboxThreadPage page={page} {...props} notice={NOTICES[c.req.query("notice") ?? ""]} />);
  });

  app.get("/inbox/:id/messages", guard, async (c) => {
    const view = await inboxThread(services, c.req.param("id"));
    if (!view) return c.text("Not found", 404);
    if (!isBackgroundRefresh(c)) await auditStaff(services, viewerOf(c).id, "console.thread_viewed", { subjectRef: auditSubject(view), details: { inboundId: view.anchor.inboundId, messages: view.messages.length } });
    const props = await threadProps(c, services, view);
    const page = await pageContext(c, services);
    return renderFragment(c, <ThreadRegion page={page} {...props} />);
  });

  app.post("/inbox/:id/reply", guard, async (c) => {
    const view = await inboxThread(services, c.req.param("id"));
    if (!view) return notFound(c);
    const values = await readForm(c);
    const checked = validateReply(services, view, values);
    if ("errors" in checked) {
      const props = await threadProps(c, services, view);
      return renderPage(c, services, (page) => <InboxThreadPage page={page} {...props} values={values} errors={checked.errors} />, 422);
    }
    const viewer = viewerOf(c);
    const now = services.clock.now();
    const replyId = await createStaffReply(services.store, services.crypto, { inboundId: view.anchor.inboundId, phoneIdx: view.phoneIdx, patientRef: checked.patientRef, staffId: viewer.id, templateId: checked.templateId, text: checked.text }, now);
    await auditStaff(services, viewer.id, "console.reply_queued", { subjectRef: checked.patientRef, details: { inboundId: view.anchor.inboundId, replyId, templateId: checked.templateId ?? "own-words" } });
    await startMinnowWorkflow(services, "staffReply", { replyId }, { key: `staff-reply:${replyId}` });
    return c.redirect(`/inbox/${view.anchor.inboundId}?notice=reply-queued`, 303);
  });

  app.post("/inbox/:id/resolve", guard, async (c) => {
    const view = await inboxThread(services, c.req.param("id"));
    if (!view) return notFound(c);
    const viewer = viewerOf(c);
    await resolveInboxItems(services.store, view.open.map((i) => i.inboundId), viewer.id, services.clock.now());
    await auditStaff(services, viewer.id, "console.inbox_resolved", { subjectRef: auditSubject(view), details: { inboundIds: view.open.map((i) => i.inboundId) } });
    return c.redirect("/inbox?notice=resolved", 303);
  });

  app.post("/inbox/:id/assign", guard, async (c) => {
    const view = await inboxThread(services, c.req.param("id"));
    if (!view) return notFound(c);
    const staffId = text(await readForm(c), "staffId");
    const colleague = staffId ? (await listStaff(services.store)).find((s) => s.id === staffId && s.active) : undefined;
    if (staffId && !colleague) {
      const props = await threadProps(c, services, view);
      return renderPage(c, services, (page) => <InboxThreadPage page={page} {...props} errors={{ staffId: "Choose a colleague from the list" }} />, 422);
    }
    const viewer = viewerOf(c);
    await assignInboxItems(services.store, view.open.map((i) => i.inboundId), colleague?.id ?? null, services.clock.now());
    await auditStaff(services, viewer.id, "console.inbox_assigned", { subjectRef: auditSubject(view), details: { assignedTo: colleague?.id ?? "nobody", inboundIds: view.open.map((i) => i.inboundId) } });
    return c.redirect(`/inbox/${view.anchor.inboundId}?notice=assigned`, 303);
  });
}
