import type { SearchParams } from "fhir-kit-client";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import type { FhirClient } from "./client.js";

/**
 * Walks a search result page by page through `Bundle.link[next]`, yielding each page as it
 * arrives so the caller processes it before the next is fetched: memory stays one page deep.
 */
export async function* searchPages(client: FhirClient, resourceType: string, params: SearchParams): AsyncGenerator<Bundle> {
  let page: Bundle | undefined = await client.search(resourceType, params);
  let previousNext: string | undefined;
  while (page) {
    yield page;
    const next = page.link?.find((link) => link.relation === "next")?.url;
    if (!next) return;
    if (next === previousNext) throw new Error(`The FHIR server returned the same next link twice while paging ${resourceType}; stopping to avoid a loop.`);
    previousNext = next;
    page = await client.nextPage(page);
  }
}

/** The resources of one type in a page, in order. */
export function resourcesOfType<T extends Resource>(page: Bundle, resourceType: T["resourceType"]): T[] {
  const found: T[] = [];
  for (const entry of page.entry ?? []) {
    if (entry.resource?.resourceType === resourceType) found.push(entry.resource as T);
  }
  return found;
}
