import twilio from "twilio";
import { measureExternalCall } from "../../src/metrics/registry.js";

const SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/;
const API_VERSION = /^(\d{4}-\d{2}-\d{2}|v\d+)$/;

/** "POST:Messages" for POST /2010-04-01/Accounts/AC…/Messages.json: the resource, never a SID or a number. */
export function twilioOperation(method: string, uri: string): string {
  const segments = new URL(uri).pathname.split("/").map((s) => s.replace(/\.json$/, ""));
  const resource = segments.filter((s) => s && s !== "Accounts" && !SID.test(s) && !API_VERSION.test(s)).pop();
  return `${method.toUpperCase()}:${resource ?? "other"}`;
}

const TWILIO_STATUS = { result: (response: { statusCode: number }) => response.statusCode, error: () => undefined };

/** The SDK's HTTP client, with each call's latency and status recorded for /metrics. */
export class MeasuredRequestClient extends twilio.RequestClient {
  override request<TData>(opts: Parameters<typeof twilio.RequestClient.prototype.request<TData>>[0]) {
    return measureExternalCall("twilio", twilioOperation(opts.method, opts.uri), () => super.request<TData>(opts), TWILIO_STATUS);
  }
}
