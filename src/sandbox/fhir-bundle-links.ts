import type { Bundle, BundleLink, Resource } from "@medplum/fhirtypes";

/**
 * Turns a repository searchset into what a FHIR client pages through: absolute `fullUrl`s and
 * `self`/`first`/`previous`/`next` links that repeat the request's parameters with a new `_offset`.
 */
export interface PageWindow {
  offset: number;
  count: number;
}

export type SearchParams = ReadonlyArray<readonly [string, string]>;

function linkTo(searchUrl: string, params: SearchParams, window: PageWindow): string {
  const query = new URLSearchParams();
  for (const [name, value] of params) {
    if (name !== "_offset" && name !== "_count") query.append(name, value);
  }
  query.set("_count", String(window.count));
  query.set("_offset", String(window.offset));
  return `${searchUrl}?${query.toString()}`;
}

export function pagingLinks(searchUrl: string, params: SearchParams, window: PageWindow, total: number): BundleLink[] {
  const { offset, count } = window;
  const links: BundleLink[] = [{ relation: "self", url: linkTo(searchUrl, params, window) }];
  if (count <= 0) return links;
  links.push({ relation: "first", url: linkTo(searchUrl, params, { offset: 0, count }) });
  if (offset > 0) {
    links.push({ relation: "previous", url: linkTo(searchUrl, params, { offset: Math.max(0, offset - count), count }) });
  }
  if (offset + count < total) {
    links.push({ relation: "next", url: linkTo(searchUrl, params, { offset: offset + count, count }) });
  }
  return links;
}

export function withFullUrls<T extends Resource>(bundle: Bundle<T>, baseUrl: string): Bundle<T> {
  const entry = bundle.entry?.map((e) => (e.resource?.id ? { fullUrl: `${baseUrl}/${e.resource.resourceType}/${e.resource.id}`, ...e } : e));
  return entry ? { ...bundle, entry } : bundle;
}
