/**
 * A remote system's error text can carry PHI (an EHR's diagnostics often quote the patient), so
 * minnow keeps only codes: the HTTP status, the issue's severity and type, machine error codes.
 */
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AcuityApiError } from "../../connectors/acuity/acuity-error.js";
import { createFhirClient } from "../../connectors/fhir/client.js";
import { FhirRequestError } from "../../connectors/fhir/fhir-error.js";
import { errorKind } from "../../src/log.js";
import { withEffect } from "../../src/engine/effects.js";
import { describeError } from "../../src/engine/embedded/journal-values.js";
import { openTestStore } from "../helpers/test-store.js";
import { testClient, BASE_URL as ACUITY_URL } from "./acuity/helpers/fixtures.js";
import { BASE_URL } from "./fhir/helpers/fixtures.js";
import { useMsw } from "./fhir/helpers/msw.js";

const server = useMsw();
const PHI = ["Janet Canary", "1961-04-12", "MRN 889123", "(312) 555-0199"];
const leaks = (text: string) => PHI.filter((p) => text.includes(p));

const OUTCOME = {
  resourceType: "OperationOutcome",
  issue: [
    { severity: "error", code: "business-rule", diagnostics: "Patient Janet Canary (DOB 1961-04-12, MRN 889123) already booked", details: { coding: [{ system: "urn:ehr:codes", code: "APPT_CONFLICT" }], text: "Call (312) 555-0199" } },
    { severity: "warning", code: "informational", details: { text: "Janet Canary prefers mornings" } },
  ],
};

describe("FHIR errors keep the code and issue type, never the diagnostics", () => {
  it("builds a message, issues, log kind and stored description without the remote text", async () => {
    server.use(http.post(`${BASE_URL}/Appointment`, () => HttpResponse.json(OUTCOME, { status: 422 })));
    const client = createFhirClient({ baseUrl: BASE_URL });
    const err = (await client.create({ resourceType: "Appointment", status: "booked", participant: [] }).catch((e: unknown) => e)) as FhirRequestError;
    expect(err).toBeInstanceOf(FhirRequestError);
    expect(err.message).toBe("FHIR create Appointment failed with HTTP 422 — server says: error/business-rule (APPT_CONFLICT); warning/informational");
    expect(err.issues).toEqual([
      { severity: "error", code: "business-rule", detailCodes: ["APPT_CONFLICT"] },
      { severity: "warning", code: "informational", detailCodes: [] },
    ]);
    expect(leaks(JSON.stringify({ message: err.message, issues: err.issues }))).toEqual([]);
    expect(leaks(describeError(err))).toEqual([]);
    expect(leaks(errorKind(err))).toEqual([]);
  });

  it("keeps none of it in the effect journal when the write fails", async () => {
    server.use(http.post(`${BASE_URL}/Appointment`, () => HttpResponse.json(OUTCOME, { status: 422 })));
    const client = createFhirClient({ baseUrl: BASE_URL });
    const store = await openTestStore();
    try {
      await expect(withEffect(store, "book:1", () => client.create({ resourceType: "Appointment", status: "booked", participant: [] }))).rejects.toThrow(FhirRequestError);
      const row = await store.db.selectFrom("effects").select(["status", "error"]).where("key", "=", "book:1").executeTakeFirstOrThrow();
      expect(row.status).toBe("failed");
      expect(row.error).toContain("business-rule");
      expect(leaks(row.error ?? "")).toEqual([]);
    } finally {
      await store.dispose();
    }
  });

  it("drops a code that is not a code (free text in the code field)", async () => {
    server.use(http.get(`${BASE_URL}/Patient/p1`, () => HttpResponse.json({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "Janet Canary not found" }] }, { status: 404 })));
    const err = (await createFhirClient({ baseUrl: BASE_URL }).read("Patient", "p1").catch((e: unknown) => e)) as FhirRequestError;
    expect(err.message).toBe("FHIR read Patient/p1 failed with HTTP 404 — server says: error/(unrecognized)");
  });
});

describe("Acuity errors keep the status and Acuity's error code, not its message", () => {
  it("drops a message that names a client", async () => {
    server.use(http.put(`${ACUITY_URL}/appointments/1/cancel`, () => HttpResponse.json({ status_code: 400, message: "Janet Canary cannot cancel within 24 hours", error: "cancel_not_allowed" }, { status: 400 })));
    const err = (await testClient().request("PUT", "/appointments/1/cancel", { body: {} }).catch((e: unknown) => e)) as AcuityApiError;
    expect(err).toMatchObject({ status: 400, acuityError: "cancel_not_allowed" });
    expect(err.message).toBe("Acuity PUT /appointments/1/cancel failed with HTTP 400 (cancel_not_allowed).");
    expect(leaks(describeError(err))).toEqual([]);
  });
});
