import { badRequest, isResourceType, notFound, OperationOutcomeError } from "@medplum/core";
import type { HttpMethod } from "@medplum/fhir-router";
import type { OperationOutcome } from "@medplum/fhirtypes";
import type { SearchParams } from "./fhir-bundle-links.js";

/**
 * Reads one HTTP request to the sandbox into what Medplum's router takes, refusing what it would
 * mishandle: unknown resource types (it answers an empty search), bad paging numbers (it reads them
 * as NaN), a malformed If-Match (it would silently update unconditionally) and bodies that are not JSON.
 */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

const METHODS: ReadonlySet<string> = new Set<HttpMethod>(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const WEAK_OR_STRONG_ETAG = /^(W\/)?"[^"]+"$/;
const NON_NEGATIVE_INTEGER = /^\d{1,9}$/;

export interface SandboxRequest {
  method: HttpMethod;
  /** Path below the FHIR base, e.g. `Appointment/123` or `Appointment/_search`. */
  path: string;
  resourceType: string | undefined;
  /** Set when this is a type-level search (GET `Type` or POST `Type/_search`). */
  search: { params: SearchParams; offset: number; count: number } | undefined;
  query: Record<string, string | string[]>;
  body: unknown;
}

export interface RawRequest {
  method: string;
  path: string;
  urlParams: URLSearchParams;
  headers: Headers;
  bodyText: () => Promise<string>;
}

function fail(outcome: OperationOutcome): never {
  throw new OperationOutcomeError(outcome);
}

function toQuery(params: SearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

function pagingNumber(params: SearchParams, name: string): number | undefined {
  const values = params.filter(([n]) => n === name).map(([, v]) => v);
  if (values.length === 0) return undefined;
  const value = values[values.length - 1] ?? "";
  if (values.length > 1 || !NON_NEGATIVE_INTEGER.test(value)) {
    fail(badRequest(`${name} must be one non-negative integer, got "${values.join(",")}"`, name));
  }
  return Number(value);
}

async function readJsonBody(raw: RawRequest): Promise<unknown> {
  const text = await raw.bodyText();
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null) return body;
  } catch {
    // reported below with the fix, as for a non-object body
  }
  return fail(badRequest("The request body must be a JSON resource (Content-Type: application/fhir+json)"));
}

export async function readSandboxRequest(raw: RawRequest): Promise<SandboxRequest> {
  if (!METHODS.has(raw.method)) fail(badRequest(`Method ${raw.method} is not supported`));
  const method = raw.method as HttpMethod;
  const segments = raw.path.split("/").filter(Boolean);
  const resourceType = segments[0];
  if (resourceType && !resourceType.startsWith("$") && !isResourceType(resourceType)) {
    fail({ ...notFound, issue: [{ severity: "error", code: "not-found", details: { text: `Unknown resource type "${resourceType}"` } }] });
  }
  const ifMatch = raw.headers.get("if-match");
  if (ifMatch !== null && !WEAK_OR_STRONG_ETAG.test(ifMatch.trim())) {
    fail(badRequest(`If-Match must be an ETag like W/"3", got ${JSON.stringify(ifMatch)}`, "If-Match"));
  }
  const isPostSearch = method === "POST" && segments.length === 2 && segments[1] === "_search";
  const isGetSearch = method === "GET" && segments.length === 1;
  let params: Array<[string, string]> = [...raw.urlParams];
  if (isPostSearch) params = [...params, ...new URLSearchParams(await raw.bodyText())];
  const query = toQuery(params);
  if (!(isPostSearch || isGetSearch)) {
    const body = method === "POST" || method === "PUT" || method === "PATCH" ? await readJsonBody(raw) : undefined;
    return { method, path: segments.join("/"), resourceType, search: undefined, query, body };
  }
  const offset = pagingNumber(params, "_offset") ?? 0;
  const summaryCount = query._summary === "count";
  const count = summaryCount ? 0 : Math.min(pagingNumber(params, "_count") ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const effective = { ...query, _offset: String(offset), ...(summaryCount ? {} : { _count: String(count) }) };
  return {
    method,
    path: segments.join("/"),
    resourceType,
    search: { params, offset, count },
    query: effective,
    body: isPostSearch ? effective : undefined,
  };
}
