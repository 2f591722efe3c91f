import type { Bundle, HookTrigger, ZObject } from "../types.js";

/**
 * A REST hook trigger for one minnow event type. Subscribe registers bundle.targetUrl; the
 * hook's id goes into subscribeData for unsubscribe. perform hands Zapier the delivered event;
 * performList polls the same shape, newest first, with a stable id for dedupe. Payloads carry
 * ids and opaque references only: Zapier signs no BAA.
 */
export function hookTrigger(opts: { key: string; event: string; noun: string; label: string; description: string; refs: Record<string, string> }): HookTrigger {
  return {
    key: opts.key,
    noun: opts.noun,
    display: { label: opts.label, description: opts.description },
    operation: {
      type: "hook",
      event: opts.event,
      performSubscribe: async (z: ZObject, bundle: Bundle) => {
        const response = await z.request({ url: `${bundle.authData.baseUrl}/api/hooks`, method: "POST", body: { event: opts.event, targetUrl: bundle.targetUrl } });
        response.throwForStatus();
        return response.data;
      },
      performUnsubscribe: async (z: ZObject, bundle: Bundle) => {
        const response = await z.request({ url: `${bundle.authData.baseUrl}/api/hooks/${encodeURIComponent(bundle.subscribeData?.id ?? "")}`, method: "DELETE" });
        response.throwForStatus();
        return response.data;
      },
      perform: async (_z: ZObject, bundle: Bundle) => [bundle.cleanedRequest],
      performList: async (z: ZObject, bundle: Bundle) => {
        const response = await z.request({ url: `${bundle.authData.baseUrl}/api/events`, params: { type: opts.event, limit: 25 } });
        response.throwForStatus();
        return (response.data as { events: unknown[] }).events;
      },
      sample: { id: `evt-${opts.event}-sample`, type: opts.event, occurredAt: "2026-11-24T16:00:00.000Z", refs: opts.refs },
    },
  };
}
