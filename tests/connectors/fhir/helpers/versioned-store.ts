import type { Resource } from "@medplum/fhirtypes";
import { http, HttpResponse } from "msw";
import { BASE_URL, outcome } from "./fixtures.js";

/**
 * A few versioned resources behind msw: GET reads, PUT honours If-Match (412 on a stale version)
 * and bumps meta.versionId. `touch` simulates someone else editing a resource in the EHR.
 */
export function versionedStore(resourceType: string, initial: Resource[]) {
  const items = new Map(initial.map((r) => [r.id ?? "", structuredClone(r)]));
  const puts: Array<{ id: string; ifMatch: string | null; body: Resource }> = [];
  let beforePut: ((id: string) => void) | undefined;
  const touch = (id: string) => {
    const item = items.get(id);
    if (item) item.meta = { ...item.meta, versionId: String(Number(item.meta?.versionId ?? "0") + 1) };
  };
  const handlers = [
    http.get(`${BASE_URL}/${resourceType}/:id`, ({ params }) => {
      const item = items.get(String(params.id));
      return item ? HttpResponse.json(item) : HttpResponse.json(outcome("not-found", "Not found"), { status: 404 });
    }),
    http.put(`${BASE_URL}/${resourceType}/:id`, async ({ params, request }) => {
      const id = String(params.id);
      beforePut?.(id);
      const body = (await request.json()) as Resource;
      const ifMatch = request.headers.get("if-match");
      puts.push({ id, ifMatch, body });
      const current = items.get(id);
      if (!current) return HttpResponse.json(outcome("not-found", "Not found"), { status: 404 });
      if (ifMatch && ifMatch !== `W/"${current.meta?.versionId ?? ""}"`) return HttpResponse.json(outcome("conflict", "Version mismatch"), { status: 412 });
      const saved = { ...body, meta: { ...body.meta, versionId: String(Number(current.meta?.versionId ?? "0") + 1) } };
      items.set(id, saved);
      return HttpResponse.json(saved);
    }),
  ];
  return { items, puts, handlers, touch, onPut: (hook: (id: string) => void) => void (beforePut = hook) };
}
