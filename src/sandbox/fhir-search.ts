import {
  badRequest,
  getSearchParameter,
  isReference,
  matchesSearchRequest,
  OperationOutcomeError,
  Operator,
  type SearchRequest,
  type SortRule,
} from "@medplum/core";
import type { Resource } from "@medplum/fhirtypes";
import { evaluateExpression } from "./fhir-path-cache.js";

/**
 * Search over the stored (never handed out) resources of one type: filter, sort and resolve
 * `_include`. Callers clone what they return, so these functions only read.
 */
export type StoredResources = ReadonlyMap<string, Resource>;
export type ResourceLookup = (resourceType: string, id: string) => Resource | undefined;

/** Parameters every resource type has; the schema indexes most of them under "Resource". */
const COMMON_PARAMETERS = new Set(["_id", "_lastUpdated", "_profile", "_security", "_source", "_tag", "_filter"]);

export function assertKnownParameters(request: SearchRequest): void {
  const codes = [...(request.filters ?? []).map((f) => f.code), ...(request.sortRules ?? []).map((s) => s.code)];
  for (const code of codes) {
    if (!COMMON_PARAMETERS.has(code) && !getSearchParameter(request.resourceType, code)) {
      throw new OperationOutcomeError(badRequest(`Unknown search parameter "${code}" for ${request.resourceType}`, code));
    }
  }
}

/** The ids an `_id=a,b,c` filter names, or undefined when the search has no such filter. */
function idsSearched(request: SearchRequest): string[] | undefined {
  const filter = request.filters?.find((f) => f.code === "_id" && f.operator === Operator.EQUALS);
  return filter ? [...new Set(filter.value.split(","))] : undefined;
}

/** An `_id` search looks its ids up, as a real server's index would, instead of scanning every resource. */
export function findMatches(stored: StoredResources | undefined, request: SearchRequest): Resource[] {
  const ids = idsSearched(request);
  const candidates = ids ? ids.flatMap((id) => stored?.get(id) ?? []) : (stored?.values() ?? []);
  const matches: Resource[] = [];
  for (const resource of candidates) {
    if (matchesSearchRequest(resource, request)) matches.push(resource);
  }
  return request.sortRules?.length ? sortMatches(matches, request.resourceType, request.sortRules) : matches;
}

function sortKey(resource: Resource, expression: string | undefined): string {
  return expression ? JSON.stringify(evaluateExpression(expression, resource)) : "";
}

/** Each sort key is computed once per resource, not once per comparison; ties keep storage order. */
function sortMatches(matches: Resource[], resourceType: string, rules: SortRule[]): Resource[] {
  const expressions = rules.map((rule) => getSearchParameter(resourceType, rule.code)?.expression);
  const keyed = matches.map((resource, position) => ({
    resource,
    position,
    keys: expressions.map((expression) => sortKey(resource, expression)),
  }));
  keyed.sort((a, b) => {
    for (const [i, rule] of rules.entries()) {
      const left = a.keys[i] ?? "";
      const right = b.keys[i] ?? "";
      if (left !== right) return (left < right ? -1 : 1) * (rule.descending ? -1 : 1);
    }
    return a.position - b.position;
  });
  return keyed.map((k) => k.resource);
}

/**
 * Resolves `_include=Type:param[:target]` for one page: every reference the parameter's expression
 * yields, once each, in first-seen order. References to missing resources are skipped.
 */
export function findIncluded(page: readonly Resource[], request: SearchRequest, lookup: ResourceLookup): Resource[] {
  const included = new Map<string, Resource>();
  for (const target of request.include ?? []) {
    if (target.resourceType !== request.resourceType) continue;
    const expression = getSearchParameter(target.resourceType, target.searchParam)?.expression;
    if (!expression) {
      throw new OperationOutcomeError(badRequest(`Unknown _include parameter "${target.resourceType}:${target.searchParam}"`, "_include"));
    }
    for (const resource of page) {
      for (const value of evaluateExpression(expression, resource)) {
        if (!isReference(value)) continue;
        const [type, id, ...rest] = value.reference.split("/");
        if (!type || !id || rest.length > 0 || (target.targetType && target.targetType !== type)) continue;
        const key = `${type}/${id}`;
        if (included.has(key)) continue;
        const found = lookup(type, id);
        if (found) included.set(key, found);
      }
    }
  }
  return [...included.values()];
}
