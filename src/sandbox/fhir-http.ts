import { getStatus, isOperationOutcome, normalizeOperationOutcome } from "@medplum/core";
import { FhirRouter } from "@medplum/fhir-router";
import type { Bundle, OperationOutcome, OperationOutcomeIssue, Resource } from "@medplum/fhirtypes";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorKind, log } from "../log.js";
import { pagingLinks, withFullUrls } from "./fhir-bundle-links.js";
import { capabilityStatement } from "./fhir-capability.js";
import type { SandboxRepository } from "./fhir-repository.js";
import { readSandboxRequest, type SandboxRequest } from "./fhir-request.js";
import { mountBulkExport, type SandboxExportOptions, type SandboxExports } from "./bulk-export.js";
import { mountSmartToken, type SandboxSmartClient } from "./smart-token.js";
import { ruleOutcome, searchRuleViolation, type SandboxSearchRules } from "./fhir-search-rules.js";

/**
 * The sandbox EHR's FHIR R4 REST API: Medplum's router over the sandbox repository, with the HTTP
 * parts it leaves to its host (status codes, ETag, Location, paging links, absolute fullUrls).
 */
export const FHIR_BASE_PATH = "/fhir/R4";
const FHIR_JSON = "application/fhir+json; charset=utf-8";
const MAX_BODY_BYTES = 5 * 1024 * 1024;

function fhirResponse(status: number, body: Resource, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": FHIR_JSON, ...headers } });
}

function outcomeResponse(outcome: OperationOutcome, status = getStatus(outcome)): Response {
  return fhirResponse(status, outcome);
}

function issue(code: OperationOutcomeIssue["code"], text: string): OperationOutcome {
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code, details: { text } }] };
}

function versionHeaders(resource: Resource, status: number, baseUrl: string): Record<string, string> {
  const { versionId, lastUpdated } = resource.meta ?? {};
  if (!versionId || !resource.id) return {};
  const headers: Record<string, string> = { etag: `W/"${versionId}"` };
  if (lastUpdated) headers["last-modified"] = new Date(lastUpdated).toUTCString();
  if (status === 201) headers.location = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${versionId}`;
  return headers;
}

function searchResponse(bundle: Bundle, request: SandboxRequest, baseUrl: string): Resource {
  const withUrls = withFullUrls(bundle, baseUrl);
  if (!request.search || !request.resourceType) return withUrls;
  const window = { offset: request.search.offset, count: request.search.count };
  const link = pagingLinks(`${baseUrl}/${request.resourceType}`, request.search.params, window, bundle.total ?? 0);
  return { ...withUrls, link };
}

export interface FhirAppOptions {
  rules?: SandboxSearchRules;
  /** When set, every FHIR request but the CapabilityStatement needs a token from SMART Backend Services. */
  smart?: SandboxSmartClient;
  exports?: SandboxExportOptions;
}

export function createFhirApp(repo: SandboxRepository, clock: () => Date = () => new Date(), options: FhirAppOptions = {}): { app: Hono; exports: SandboxExports } {
  const router = new FhirRouter();
  const app = new Hono();
  const rules = options.rules ?? "open";
  const baseUrlOf = (url: string): string => `${new URL(url).origin}${FHIR_BASE_PATH}`;
  if (options.smart) app.use(`${FHIR_BASE_PATH}/*`, mountSmartToken(app, FHIR_BASE_PATH, options.smart));

  app.use(`${FHIR_BASE_PATH}/*`, bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => outcomeResponse(issue("too-long", `Request bodies are limited to ${MAX_BODY_BYTES} bytes`), 413),
  }));

  app.get(`${FHIR_BASE_PATH}/metadata`, (c) => fhirResponse(200, capabilityStatement(baseUrlOf(c.req.url), clock())));
  const exports = mountBulkExport(app, FHIR_BASE_PATH, repo, clock, { requiresAccessToken: options.smart !== undefined, ...options.exports });

  app.all(`${FHIR_BASE_PATH}/*`, async (c) => {
    const url = new URL(c.req.url);
    const baseUrl = baseUrlOf(c.req.url);
    let request: SandboxRequest;
    try {
      request = await readSandboxRequest({
        method: c.req.method,
        path: url.pathname.slice(FHIR_BASE_PATH.length),
        urlParams: url.searchParams,
        headers: c.req.raw.headers,
        bodyText: () => c.req.text(),
      });
    } catch (err) {
      return outcomeResponse(normalizeOperationOutcome(err));
    }
    const violation = request.method === "GET" && request.search ? searchRuleViolation(rules, request.resourceType, url.searchParams) : undefined;
    if (violation) return outcomeResponse(ruleOutcome(violation), 400);
    const [outcome, resource] = await router.handleRequest(
      {
        method: request.method,
        url: request.path,
        pathname: "",
        body: request.body,
        params: {},
        query: request.query,
        headers: Object.fromEntries(c.req.raw.headers),
      },
      repo,
    );
    const status = getStatus(outcome);
    log.debug("sandbox_ehr.request", { method: request.method, resourceType: request.resourceType, status });
    if (!resource || isOperationOutcome(resource)) return outcomeResponse(outcome);
    if (resource.resourceType === "Bundle" && (resource.type === "searchset" || resource.type === "history")) {
      return fhirResponse(status, searchResponse(resource, request, baseUrl));
    }
    return fhirResponse(status, resource, versionHeaders(resource, status, baseUrl));
  });

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    return outcomeResponse(issue("not-found", `No route for ${c.req.method} ${path}; the FHIR base is ${FHIR_BASE_PATH}`), 404);
  });

  app.onError((err) => {
    log.error("sandbox_ehr.request_failed", { kind: errorKind(err) });
    return outcomeResponse(issue("exception", "The sandbox EHR failed on this request; see its log"), 500);
  });
  return { app, exports };
}
