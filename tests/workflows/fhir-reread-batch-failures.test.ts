import type { Bundle } from "@medplum/fhirtypes";
import { bypass, http, HttpResponse, passthrough } from "msw";
import { describe, expect, it, vi } from "vitest";
import { FhirRequestError } from "../../connectors/fhir/fhir-error.js";
import { REREAD_BATCH_PAUSE_MS } from "../../workflows/fhir-reread-batch.js";
import { isTransientReadError, readAppointment } from "../../workflows/source-reads.js";
import { bookedRefs, idSearches, readOneByOne, reads, readTogether, useRereadEhr } from "./helpers/reread-ehr.js";

/** A search the EHR fails, refuses or answers badly costs nothing but itself: each re-read is then read alone, as before. */
const t = useRereadEhr();

const outcome = (code: string) => ({ resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics: "synthetic" }] });

/** Answers the `_id` searches with `answer`; every other request reaches the sandbox. */
function onIdSearch(answer: (request: Request) => Response | Promise<Response>) {
  t.msw.use(http.get(`${t.ehr.baseUrl}/Appointment`, ({ request }) => (new URL(request.url).searchParams.has("_id") ? answer(request) : passthrough())));
}

const givenUp = () => t.logs.filter((l) => l.event === "fhir.reread_batch.given_up").map((l) => l.fields);

describe("re-reads whose shared search fails", () => {
  it("reads each alone when the EHR refuses the search (400), and does not ask it again for an hour", async () => {
    const services = t.freshServices();
    onIdSearch(() => HttpResponse.json(outcome("not-supported"), { status: 400 }));
    const refs = bookedRefs(t.ehr, 4);
    const together = await readTogether(services, refs);
    expect(idSearches(t.requests)).toEqual([4]);
    expect(reads(t.requests)).toHaveLength(8);
    expect(together.map((fresh) => fresh?.record.ref)).toEqual(refs);
    expect(givenUp()).toEqual([{ reason: "search-refused", errorKind: "FhirRequestError:400", next: "each re-read goes to the EHR alone, as two reads, for an hour; then the search is tried again" }]);

    t.requests.length = 0;
    const again = await readTogether(services, refs);
    expect(idSearches(t.requests)).toEqual([]);
    expect(again).toEqual(together);
    expect(givenUp()).toHaveLength(1);
  });

  it("tries the search again an hour after a refusal: a token renewed since (401) searches again", async () => {
    const services = t.freshServices();
    let refuse = true;
    onIdSearch(() => (refuse ? HttpResponse.json(outcome("login"), { status: 401 }) : passthrough()));
    const refs = bookedRefs(t.ehr, 3, 20);
    const startedAt = performance.now();
    const clock = vi.spyOn(performance, "now");
    try {
      clock.mockReturnValue(startedAt);
      await readTogether(services, refs);
      expect(givenUp().map((f) => f.errorKind)).toEqual(["FhirRequestError:401"]);
      refuse = false;

      t.requests.length = 0;
      clock.mockReturnValue(startedAt + REREAD_BATCH_PAUSE_MS - 1);
      await readTogether(services, refs);
      expect(idSearches(t.requests)).toEqual([]);

      t.requests.length = 0;
      clock.mockReturnValue(startedAt + REREAD_BATCH_PAUSE_MS);
      const together = await readTogether(services, refs);
      expect(idSearches(t.requests)).toEqual([3]);
      expect(reads(t.requests)).toEqual([]);
      expect(together.map((fresh) => fresh?.record.ref)).toEqual(refs);
      expect(givenUp()).toHaveLength(1);
    } finally {
      clock.mockRestore();
    }
  });

  it("still fails a read that fails on its own, exactly as before (a 403 is not taken for gone)", async () => {
    const services = t.freshServices();
    onIdSearch(() => HttpResponse.json(outcome("forbidden"), { status: 403 }));
    const [ok = "", forbidden = ""] = bookedRefs(t.ehr, 2, 8);
    t.msw.use(http.get(`${t.ehr.baseUrl}/${forbidden}`, () => HttpResponse.json(outcome("forbidden"), { status: 403 })));
    const [first, second] = await Promise.allSettled([ok, forbidden].map((ref) => readAppointment(services, ref)));
    expect(idSearches(t.requests)).toEqual([2]);
    expect(first).toMatchObject({ status: "fulfilled", value: { record: { ref: ok } } });
    expect(second).toMatchObject({ status: "rejected", reason: expect.any(FhirRequestError) });
    expect(second?.status === "rejected" && (second.reason as FhirRequestError).status).toBe(403);
  });

  it("reads each alone after a search that failed on the EHR's side (500), and searches again next turn", async () => {
    const services = t.freshServices();
    onIdSearch(() => HttpResponse.json(outcome("exception"), { status: 500 }));
    const refs = bookedRefs(t.ehr, 3, 12);
    const together = await readTogether(services, refs);
    // The client retried the search three times before it gave up on it.
    expect(idSearches(t.requests)).toEqual([3, 3, 3, 3]);
    expect(together).toEqual(await readOneByOne(services, refs));
    expect(givenUp()).toEqual([]);

    t.msw.resetHandlers();
    t.requests.length = 0;
    expect(await readTogether(services, refs)).toEqual(together);
    expect(idSearches(t.requests)).toEqual([3]);
    expect(reads(t.requests)).toEqual([]);
  });

  it("surfaces an unreachable EHR per re-read, as a transient error the reminder waits out", async () => {
    const services = t.freshServices();
    onIdSearch(() => HttpResponse.error());
    const [ok = "", down = ""] = bookedRefs(t.ehr, 2, 16);
    t.msw.use(http.get(`${t.ehr.baseUrl}/${down}`, () => HttpResponse.json(outcome("transient"), { status: 503 })));
    const [first, second] = await Promise.allSettled([ok, down].map((ref) => readAppointment(services, ref)));
    expect(first).toMatchObject({ status: "fulfilled", value: { record: { ref: ok } } });
    expect(second?.status).toBe("rejected");
    expect(second?.status === "rejected" && isTransientReadError(second.reason)).toBe(true);
    expect(givenUp()).toEqual([]);
  });

  it("reads the patients alone from an EHR that ignores _include, then stops searching", async () => {
    const services = t.freshServices();
    onIdSearch(async (request) => {
      const bundle = (await (await fetch(bypass(request))).json()) as Bundle;
      return HttpResponse.json({ ...bundle, entry: bundle.entry?.filter((e) => e.search?.mode !== "include") });
    });
    const refs = bookedRefs(t.ehr, 3, 20);
    const together = await readTogether(services, refs);
    expect(together).toEqual(await readOneByOne(services, refs));
    expect(together.every((fresh) => fresh?.firstName)).toBe(true);
    expect(givenUp()).toEqual([{ reason: "no-included-patients", appointments: 3, next: "each re-read goes to the EHR alone, as two reads, for an hour; then the search is tried again" }]);
    t.requests.length = 0;
    await readTogether(services, refs);
    expect(idSearches(t.requests)).toEqual([]);
  });
});
