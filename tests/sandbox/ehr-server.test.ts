import { addDays } from "date-fns";
import type { Appointment, Bundle, OperationOutcome, Patient, Resource } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxEhr, type SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { setLogLevel } from "../../src/log.js";

/** The sandbox EHR over real HTTP on 127.0.0.1, with global fetch: no mocks. */
const NOW = new Date("2030-03-04T08:00:00Z");
const WINDOW = `date=ge${NOW.toISOString()}&date=lt${addDays(NOW, 14).toISOString()}`;
let ehr: SandboxEhr;

beforeAll(async () => {
  setLogLevel("silent");
  ehr = await startSandboxEhr({ port: 0, seed: 11, now: NOW });
});
afterAll(async () => {
  await ehr?.close();
  setLogLevel("info");
});

async function call<T extends Resource = Resource>(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(path.startsWith("http") ? path : `${ehr.baseUrl}${path}`, init);
  expect(response.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

function link(bundle: Bundle, relation: string): string | undefined {
  return bundle.link?.find((l) => l.relation === relation)?.url;
}

function matches<T extends Resource>(bundle: Bundle): T[] {
  return (bundle.entry ?? []).filter((e) => e.search?.mode === "match").map((e) => e.resource as T);
}

async function followAll(first: string): Promise<{ pages: Bundle[]; items: Appointment[] }> {
  const pages: Bundle[] = [];
  for (let url: string | undefined = first; url; url = link(pages.at(-1) as Bundle, "next")) {
    const { status, body } = await call<Bundle>(url);
    expect(status).toBe(200);
    pages.push(body);
    if (pages.length > 200) throw new Error("paging did not end");
  }
  return { pages, items: pages.flatMap((p) => matches<Appointment>(p)) };
}

function put(resource: Resource, ifMatch?: string): Promise<{ status: number; headers: Headers; body: Resource }> {
  const headers: Record<string, string> = { "content-type": "application/fhir+json" };
  if (ifMatch !== undefined) headers["if-match"] = ifMatch;
  return call(`/${resource.resourceType}/${resource.id ?? ""}`, { method: "PUT", headers, body: JSON.stringify(resource) });
}

describe("sandbox EHR: reads", () => {
  it("reads a patient with its version as a weak ETag", async () => {
    const { status, headers, body } = await call<Patient>("/Patient/pat-0001");
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: "Patient", id: "pat-0001", meta: { versionId: "1" } });
    expect(headers.get("etag")).toBe('W/"1"');
  });

  it.each([
    ["an unknown id", "/Patient/does-not-exist", 404],
    ["an unknown resource type", "/Spaceship?_count=1", 404],
    ["a path outside the FHIR base", "/../../nothing-here", 404],
  ])("answers %s with an OperationOutcome", async (_case, path, expected) => {
    const { status, body } = await call<OperationOutcome>(path);
    expect(status).toBe(expected);
    expect(body.resourceType).toBe("OperationOutcome");
    expect(body.issue[0]?.severity).toBe("error");
  });

  it("serves a CapabilityStatement at /metadata", async () => {
    const { status, body } = await call("/metadata");
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: "CapabilityStatement", fhirVersion: "4.0.1" });
  });
});

describe("sandbox EHR: search and paging", () => {
  it.each([7, 50, 1000])("pages the 14-day window at _count=%i to the end, once each, totalling Bundle.total", async (count) => {
    const { pages, items } = await followAll(`/Appointment?${WINDOW}&_count=${count}`);
    const total = pages[0]?.total ?? -1;
    expect(total).toBe(ehr.stats.appointments);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((a) => a.id)).size).toBe(total);
    expect(pages).toHaveLength(Math.ceil(total / count));
    for (const a of items) {
      expect(Date.parse(a.start ?? "")).toBeGreaterThanOrEqual(NOW.getTime());
      expect(Date.parse(a.start ?? "")).toBeLessThan(addDays(NOW, 14).getTime());
    }
    expect(link(pages.at(-1) as Bundle, "next")).toBeUndefined();
  });

  it("links are absolute, keep the filters and step back with previous", async () => {
    const { body } = await call<Bundle>(`/Appointment?${WINDOW}&_count=10&_offset=20`);
    for (const l of body.link ?? []) expect(l.url.startsWith(`${ehr.baseUrl}/Appointment?`)).toBe(true);
    expect(new URL(link(body, "previous") ?? "").searchParams.get("_offset")).toBe("10");
    expect(new URL(link(body, "next") ?? "").searchParams.getAll("date")).toHaveLength(2);
    expect(body.entry?.every((e) => e.fullUrl === `${ehr.baseUrl}/${e.resource?.resourceType}/${e.resource?.id}`)).toBe(true);
  });

  it("sorts by -date across pages", async () => {
    const { items } = await followAll(`/Appointment?${WINDOW}&_sort=-date&_count=40`);
    const starts = items.map((a) => Date.parse(a.start ?? ""));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it("POST _search finds what GET finds", async () => {
    const get = await call<Bundle>(`/Appointment?${WINDOW}&_count=15`);
    const post = await call<Bundle>("/Appointment/_search", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `${WINDOW}&_count=15`,
    });
    expect(matches(post.body).map((r) => r.id)).toEqual(matches(get.body).map((r) => r.id));
    expect(post.body.total).toBe(get.body.total);
  });

  it("_include=Appointment:patient returns each page's patients as include entries", async () => {
    const { body } = await call<Bundle>(`/Appointment?${WINDOW}&_count=25&_include=Appointment:patient`);
    const patientRefs = new Set(matches<Appointment>(body).flatMap((a) => a.participant.map((p) => p.actor?.reference ?? "")).filter((r) => r.startsWith("Patient/")));
    const included = (body.entry ?? []).filter((e) => e.search?.mode === "include").map((e) => e.resource);
    expect(included.every((r) => r?.resourceType === "Patient")).toBe(true);
    expect(new Set(included.map((r) => `Patient/${r?.id ?? ""}`))).toEqual(patientRefs);
  });

  it("_include=Appointment:actor also brings practitioners and locations", async () => {
    const { body } = await call<Bundle>(`/Appointment?${WINDOW}&_count=30&_include=Appointment:actor`);
    const types = new Set((body.entry ?? []).filter((e) => e.search?.mode === "include").map((e) => e.resource?.resourceType));
    expect(types).toEqual(new Set(["Patient", "Practitioner", "Location"]));
  });

  it("status=waitlist returns only waitlist entries, each with a requested period and priority", async () => {
    const { items, pages } = await followAll("/Appointment?status=waitlist&_count=4");
    expect(pages[0]?.total).toBe(ehr.stats.waitlist);
    expect(items.length).toBe(ehr.stats.waitlist);
    for (const w of items) {
      expect(w.status).toBe("waitlist");
      expect(w.priority).toBeGreaterThan(0);
      expect(Date.parse(w.requestedPeriod?.[0]?.start ?? "")).toBeLessThan(Date.parse(w.requestedPeriod?.[0]?.end ?? ""));
    }
  });

  it("Invoice?status=issued returns unpaid invoices only, and fewer than all invoices", async () => {
    const { body } = await call<Bundle>("/Invoice?status=issued&_count=1000");
    const invoices = matches(body);
    expect(invoices.length).toBeGreaterThan(0);
    expect(invoices.length).toBeLessThan(ehr.stats.invoices);
    expect(invoices.every((i) => i.resourceType === "Invoice" && i.status === "issued")).toBe(true);
  });

  it("_summary=count gives the total without entries", async () => {
    const { body } = await call<Bundle>(`/Appointment?${WINDOW}&_summary=count`);
    expect(body.total).toBe(ehr.stats.appointments);
    expect(body.entry).toBeUndefined();
  });

  it("caps _count at 1000", async () => {
    const { body } = await call<Bundle>("/Patient?_count=5000");
    expect(new URL(link(body, "self") ?? "").searchParams.get("_count")).toBe("1000");
  });

  it.each([
    ["a negative _count", "/Appointment?_count=-1"],
    ["a non-numeric _offset", "/Appointment?_offset=ten"],
    ["two _count values", "/Appointment?_count=1&_count=2"],
    ["an unknown search parameter", "/Appointment?colour=blue"],
    ["an unknown _include", "/Appointment?_include=Appointment:nothing"],
    ["a malformed date", "/Appointment?date=next-tuesday"],
  ])("refuses %s with 400 and an OperationOutcome", async (_case, path) => {
    const { status, body } = await call<OperationOutcome>(path);
    expect(status).toBe(400);
    expect(body.resourceType).toBe("OperationOutcome");
  });
});
