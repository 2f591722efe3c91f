/** Subscribing and unsubscribing REST hooks (Zapier's performSubscribe / performUnsubscribe). */
import { randomBytes } from "node:crypto";
import { destinationStance, type DestinationStance } from "../events/minimize.js";
import { log } from "../log.js";
import type { Services } from "../runtime/services.js";
import { appendAudit } from "../store/audit-log.js";
import { createHook, deactivateHook, getHook, listHooks, type Hook } from "../store/hooks.js";
import { checkTarget, systemResolver, targetPolicy, type Resolver } from "./ssrf-guard.js";

export interface HookView {
  id: string;
  event: string;
  targetUrl: string;
  status: Hook["status"];
  /** Outside the BAA (references only) unless the practice attested this URL. */
  destination: DestinationStance;
  failures: number;
  createdAt: string;
  disabledAt: string | null;
}

export function hookView(services: Pick<Services, "config">, hook: Hook): HookView {
  return {
    id: hook.id,
    event: hook.event,
    targetUrl: hook.targetUrl,
    status: hook.status,
    destination: destinationStance(services.config, hook.targetUrl),
    failures: hook.failures,
    createdAt: hook.createdAt.toISOString(),
    disabledAt: hook.disabledAt ? hook.disabledAt.toISOString() : null,
  };
}

export type SubscribeResult = { ok: true; hook: HookView; secret: string } | { ok: false; message: string };

/** Creates a hook after the SSRF guard accepts its target; the secret is returned once. */
export async function subscribeHook(services: Services, input: { event: string; targetUrl: string; actor: string }, resolve: Resolver = systemResolver): Promise<SubscribeResult> {
  const check = await checkTarget(input.targetUrl, targetPolicy(services.config), resolve);
  if (!check.ok) return { ok: false, message: check.message };
  const secret = randomBytes(32).toString("base64url");
  const now = services.clock.now();
  const id = await createHook(services.store, services.crypto, { event: input.event, targetUrl: check.url.href, secret }, now);
  const hook = await getHook(services.store, id);
  if (!hook) throw new Error(`Hook ${id} was created but cannot be read back; check the database.`);
  const view = hookView(services, hook);
  await appendAudit(services.store, { actor: input.actor, action: "hook.subscribed", subjectRef: id, decision: view.destination, reasons: [input.event], details: { host: check.url.host }, at: now });
  log.info("hook.subscribed", { hookId: id, hookEvent: input.event, destination: view.destination });
  return { ok: true, hook: view, secret };
}

/** Unsubscribes a hook; null when there is no such hook. Repeating it is harmless. */
export async function unsubscribeHook(services: Services, id: string, actor: string): Promise<HookView | null> {
  const now = services.clock.now();
  if (await deactivateHook(services.store, id, "unsubscribed", now)) {
    await appendAudit(services.store, { actor, action: "hook.unsubscribed", subjectRef: id, decision: "unsubscribed", reasons: ["api-request"], details: {}, at: now });
    log.info("hook.unsubscribed", { hookId: id, via: "api" });
  }
  const hook = await getHook(services.store, id);
  return hook ? hookView(services, hook) : null;
}

export async function listHookViews(services: Services): Promise<HookView[]> {
  return (await listHooks(services.store, { includeInactive: true })).map((hook) => hookView(services, hook));
}
