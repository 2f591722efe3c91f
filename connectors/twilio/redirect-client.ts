import type twilio from "twilio";
import { MeasuredRequestClient } from "./measured-client.js";

/**
 * The twilio SDK has no base-URL option (only edge/region), so a sandbox or test server is reached
 * by rewriting each request's URI: same path and query, other origin. Paging URIs the SDK builds
 * from `next_page_uri` go through here too, so they follow the redirect.
 */
export function redirectUri(uri: string, baseUrl: string): string {
  const original = new URL(uri);
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${prefix}${original.pathname}${original.search}`;
}

export class RedirectingRequestClient extends MeasuredRequestClient {
  constructor(
    private readonly baseUrl: string,
    options?: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
    redirectUri("https://api.twilio.com/", baseUrl); // fail at construction on a bad base URL
  }

  override request<TData>(opts: Parameters<typeof twilio.RequestClient.prototype.request<TData>>[0]) {
    return super.request<TData>({ ...opts, uri: redirectUri(opts.uri, this.baseUrl) });
  }
}
