/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { createManagedSubscription, deleteManagedSubscription, listManagedSubscriptions } from "../../../connectors/fhir/subscriptions/manage-subscriptions.js";
import { errorKind, log } from "../../log.js";
import { subscriptionTarget, subscriptionTargetProblems } from "../../runtime/fhir-subscription-target.js";
import type { Services } from "../../runtime/services.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { createdNotice, subscriptionRow } from "../data/ehr-subscriptions.js";
import { renderPage, requireAccess, viewerOf } from "../page.js";
import { EhrConnectionPage, type EhrConnectionView } from "../pages/ehr-connection-page.js";

/**
 * Administrators only: minnow's Subscriptions on the EHR, created and deleted with the same code
 * as `minnow fhir subscribe` and `minnow fhir unsubscribe`. Every change is audited.
 */
type Extra = Pick<EhrConnectionView, "result" | "failure" | "notice">;

const NOTICES: Record<string, string> = { deleted: "Subscription deleted on the EHR. Changes now arrive at the next regular check." };

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function mountEhrConnectionRoutes(app: ConsoleApp, services: Services, opts: { handshakeWaitMs?: number } = {}): void {
  const guard = requireAccess(services, "ehr-connection");
  const problems = () => subscriptionTargetProblems(services.env);
  const endpoint = () => (problems().length ? undefined : subscriptionTarget(services.env).endpoint);

  async function page(c: Context<ConsoleEnv>, extra: Extra = {}, status: 200 | 201 | 502 = 200): Promise<Response> {
    const client = services.sources.fhir;
    const view: EhrConnectionView = { ehrUrl: client?.baseUrl, intervalMinutes: services.config.sync.intervalMinutes, endpoint: endpoint(), problems: problems(), rows: [], ...extra };
    if (client) {
      try {
        view.rows = (await listManagedSubscriptions(client)).map((s) => subscriptionRow(s, view.endpoint));
      } catch (err) {
        log.warn("console.ehr_subscriptions_unreadable", { errorKind: errorKind(err) });
        view.listError = messageOf(err);
      }
    }
    return renderPage(c, services, (p) => <EhrConnectionPage page={p} view={view} />, status);
  }

  app.get("/admin/ehr", guard, (c) => page(c, { notice: NOTICES[c.req.query("notice") ?? ""] }));

  app.post("/admin/ehr/subscriptions", guard, async (c) => {
    const client = services.sources.fhir;
    if (!client || problems().length) return page(c);
    const target = subscriptionTarget(services.env);
    try {
      const created = await createManagedSubscription(client, target, opts.handshakeWaitMs === undefined ? {} : { waitMs: opts.handshakeWaitMs });
      await auditStaff(services, viewerOf(c).id, "fhir_subscription.created", { subjectRef: created.ref, decision: created.status });
      return page(c, { result: createdNotice(created, target.endpoint) }, 201);
    } catch (err) {
      log.warn("console.ehr_subscription_create_failed", { errorKind: errorKind(err) });
      return page(c, { failure: { text: "The EHR did not create the subscription. Nothing changed; the regular check goes on. Your EHR vendor can say whether minnow's account may create Subscriptions.", detail: messageOf(err) } }, 502);
    }
  });

  app.post("/admin/ehr/subscriptions/:id/delete", guard, async (c) => {
    const client = services.sources.fhir;
    const id = c.req.param("id");
    if (!client) return c.redirect("/admin/ehr", 303);
    try {
      await deleteManagedSubscription(client, id);
    } catch (err) {
      log.warn("console.ehr_subscription_delete_failed", { errorKind: errorKind(err) });
      return page(c, { failure: { text: `minnow could not delete Subscription/${id} on the EHR. It is still there; try again, or delete it in the EHR.`, detail: messageOf(err) } }, 502);
    }
    await auditStaff(services, viewerOf(c).id, "fhir_subscription.deleted", { subjectRef: `Subscription/${id}` });
    return c.redirect("/admin/ehr?notice=deleted", 303);
  });
}
