import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pagingLinks } from "../../src/sandbox/fhir-bundle-links.js";

const SEARCH = "http://127.0.0.1:4000/fhir/R4/Appointment";
const PARAMS = [["status", "booked"], ["date", "ge2030-01-01"], ["date", "lt2030-01-15"], ["_count", "999"], ["_offset", "7"]] as const;

function relations(offset: number, count: number, total: number): Record<string, string | null> {
  const links = pagingLinks(SEARCH, PARAMS, { offset, count }, total);
  return Object.fromEntries(links.map((l) => [l.relation, new URL(l.url).searchParams.get("_offset")]));
}

describe("pagingLinks", () => {
  it.each([
    ["first page", 0, 10, 25, { self: "0", first: "0", next: "10" }],
    ["middle page", 10, 10, 25, { self: "10", first: "0", previous: "0", next: "20" }],
    ["last page", 20, 10, 25, { self: "20", first: "0", previous: "10" }],
    ["exact end", 10, 10, 20, { self: "10", first: "0", previous: "0" }],
    ["unaligned previous", 3, 10, 25, { self: "3", first: "0", previous: "0", next: "13" }],
    ["past the end", 40, 10, 25, { self: "40", first: "0", previous: "30" }],
    ["count only", 0, 0, 25, { self: "0" }],
    ["nothing found", 0, 10, 0, { self: "0", first: "0" }],
  ])("%s", (_case, offset, count, total, expected) => {
    expect(relations(offset, count, total)).toEqual(expected);
  });

  it("keeps every other parameter, repeated ones included, and replaces _count and _offset once", () => {
    const [next] = pagingLinks(SEARCH, PARAMS, { offset: 0, count: 5 }, 100).filter((l) => l.relation === "next");
    const url = new URL(next?.url ?? "");
    expect(url.origin + url.pathname).toBe(SEARCH);
    expect(url.searchParams.getAll("date")).toEqual(["ge2030-01-01", "lt2030-01-15"]);
    expect(url.searchParams.getAll("_count")).toEqual(["5"]);
    expect(url.searchParams.getAll("_offset")).toEqual(["5"]);
  });

  it("following next from the start visits every offset once and stops", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 500 }), (count, total) => {
        const visited: number[] = [];
        let offset: number | undefined = 0;
        while (offset !== undefined && visited.length <= total + 1) {
          visited.push(offset);
          const next: string | null | undefined = relations(offset, count, total).next;
          offset = next === undefined || next === null ? undefined : Number(next);
        }
        expect(visited).toEqual(Array.from({ length: Math.max(1, Math.ceil(total / count)) }, (_, i) => i * count));
      }),
    );
  });
});
