import { evalFhirPath, getSearchParameter, parseSearchRequest } from "@medplum/core";
import type { Appointment, Bundle, Resource } from "@medplum/fhirtypes";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateExpression } from "../../src/sandbox/fhir-path-cache.js";
import { SandboxRepository } from "../../src/sandbox/fhir-repository.js";
import { loadFhirSchema } from "../../src/sandbox/fhir-schema.js";
import { buildPractice, seedPractice } from "../../src/sandbox/seed-practice.js";

/** The repository layer: page cloning, sorting, includes and the fast expression path. */
const NOW = new Date("2030-11-01T12:00:00Z");
let repo: SandboxRepository;

beforeAll(async () => {
  loadFhirSchema();
  repo = new SandboxRepository({ clock: () => NOW });
  await seedPractice(repo, { seed: 9, now: NOW });
});

function ids(bundle: Bundle): string[] {
  return (bundle.entry ?? []).filter((e) => e.search?.mode === "match").map((e) => e.resource?.id ?? "");
}

describe("SandboxRepository", () => {
  it("hands out clones: changing a search result does not change the stored resource", async () => {
    const bundle = await repo.search(parseSearchRequest("Appointment", { _count: "1", status: "booked" }));
    const first = bundle.entry?.[0]?.resource as Appointment;
    first.status = "cancelled";
    expect((await repo.readResource<Appointment>("Appointment", first.id ?? "")).status).toBe("booked");
    const again = await repo.search(parseSearchRequest("Appointment", { _count: "1", status: "booked" }));
    expect((again.entry?.[0]?.resource as Appointment).status).toBe("booked");
  });

  it("sorts on several keys: by location, then latest first within each", async () => {
    const bundle = await repo.search(parseSearchRequest("Appointment", { status: "booked", _sort: "location,-date" }));
    const rows = (bundle.entry ?? []).map((e) => e.resource as Appointment).map((a) => [a.participant[2]?.actor?.reference ?? "", a.start ?? ""] as const);
    const expected = [...rows].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
    expect(rows.map((r) => r[0])).toEqual(expected.map((r) => r[0]));
    expect(rows.map((r) => r[1])).toEqual(expected.map((r) => r[1]));
  });

  it("pages without gaps or repeats for any page size and start", async () => {
    const all = ids(await repo.search(parseSearchRequest("Appointment", { status: "booked" })));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 97 }), fc.integer({ min: 0, max: 40 }), async (count, start) => {
        const seen: string[] = [];
        for (let offset = start; offset < all.length; offset += count) {
          seen.push(...ids(await repo.search(parseSearchRequest("Appointment", { status: "booked", _count: String(count), _offset: String(offset) }))));
        }
        expect(seen).toEqual(all.slice(start));
      }),
      { numRuns: 20 },
    );
  });

  it("includes a referenced resource once per page even when several matches share it", async () => {
    const bundle = await repo.search(parseSearchRequest("Appointment", { status: "booked", _count: "200", _include: "Appointment:practitioner" }));
    const included = (bundle.entry ?? []).filter((e) => e.search?.mode === "include").map((e) => e.resource?.id);
    expect(included.sort()).toEqual(["prac-1", "prac-2", "prac-3", "prac-4"]);
  });

  it("finds an _id list by its ids, once each, missing ones left out, other filters still applied", async () => {
    const [a = "", b = ""] = ids(await repo.search(parseSearchRequest("Appointment", { status: "booked" })));
    const c = (await repo.createResource<Appointment>({ resourceType: "Appointment", status: "cancelled", participant: [] })).id;
    const all = ids(await repo.search(parseSearchRequest("Appointment", {})));
    const listed = `${a},${b},${c},no-such-id,${a}`;
    expect(ids(await repo.search(parseSearchRequest("Appointment", { _id: listed }))).sort()).toEqual([a, b, c].sort());
    expect(ids(await repo.search(parseSearchRequest("Appointment", { _id: listed, status: "booked" }))).sort()).toEqual([a, b].sort());
    expect(ids(await repo.search(parseSearchRequest("Appointment", { "_id:not": a })))).toEqual(all.filter((id) => id !== a));
  });

  it("numbers versions and stamps lastUpdated from its clock", async () => {
    const created = await repo.createResource<Resource>({ resourceType: "Communication", status: "completed" });
    expect(created.meta).toMatchObject({ versionId: "1", lastUpdated: NOW.toISOString() });
    const updated = await repo.updateResource({ ...created, status: "entered-in-error" } as Resource);
    expect(updated.meta?.versionId).toBe("2");
  });
});

describe("evaluateExpression (fast search-parameter paths)", () => {
  const appointments = buildPractice({ seed: 2, now: NOW, size: { patients: 50, appointments: 200 } }).filter(
    (r): r is Appointment => r.resourceType === "Appointment",
  );

  it.each(["patient", "practitioner", "location", "actor", "date", "status", "_lastUpdated", "reason-code"])(
    "agrees with Medplum's FHIRPath for Appointment:%s",
    (code) => {
      const expression = getSearchParameter("Appointment", code)?.expression ?? "";
      expect(expression).not.toBe("");
      for (const a of appointments) expect(evaluateExpression(expression, a)).toEqual(evalFhirPath(expression, a));
    },
  );

  it("falls back to FHIRPath for choice types the plain walk would miss", () => {
    const observation = { resourceType: "Observation", status: "final", code: { text: "x" }, effectiveDateTime: "2030-01-01" };
    expect(evaluateExpression("Observation.effective", observation)).toEqual(["2030-01-01"]);
  });
});
