import fc from "fast-check";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { AcuityApiError } from "../../../connectors/acuity/acuity-error.js";
import { mapAcuityAppointment } from "../../../connectors/acuity/map-appointment.js";
import { pullAcuityAppointments } from "../../../connectors/acuity/pull-appointments.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import { useMsw } from "../fhir/helpers/msw.js";
import { acuityAppointment, BASE_URL, REF_KEY, testClient } from "./helpers/fixtures.js";

const server = useMsw();
const context = { clientRefKey: REF_KEY };
afterEach(() => setLogSink(null));

function mapped(raw: unknown, fromCanceledList = false) {
  return mapAcuityAppointment(raw, { ...context, fromCanceledList });
}

describe("mapping an Acuity appointment", () => {
  it("maps the documented shape to a record with payment, smsOptIn and an E.164 phone", () => {
    const result = mapped(acuityAppointment());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      source: "acuity",
      ref: "acuity:54321",
      status: "booked",
      practitionerRef: "acuity-calendar:27238",
      contact: { phone: "+13125550101", timeZone: "America/Chicago" },
      payment: { paid: false, amountPaid: "0.00", price: "10.00" },
      smsOptIn: true,
    });
    expect(result.value.start.toISOString()).toBe("2030-07-02T15:15:00.000Z");
    expect(result.value.end?.toISOString()).toBe("2030-07-02T16:15:00.000Z");
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["paid yes", { paid: "yes", amountPaid: "10.00" }, { payment: { paid: true, amountPaid: "10.00", price: "10.00" } }],
    ["paid as a boolean", { paid: true }, { payment: { paid: true, amountPaid: "0.00", price: "10.00" } }],
    ["money as numbers", { price: 25, amountPaid: 5.5 }, { payment: { paid: false, amountPaid: "5.50", price: "25.00" } }],
    ["smsOptIn false", { smsOptIn: false }, { smsOptIn: false }],
    ["a +1 phone with dashes", { phone: "+1 312-555-0102" }, { contact: { phone: "+13125550102", timeZone: "America/Chicago" } }],
    ["a cancelled flag", { canceled: true }, { status: "cancelled" }],
    ["noShow present (only on cancelled)", { noShow: false }, { status: "cancelled" }],
    ["a no-show", { noShow: true }, { status: "noshow" }],
    ["an unknown time zone", { timezone: "Mars/Olympus" }, { contact: { phone: "+13125550101" } }],
  ])("maps %s", (_name, overrides, expected) => {
    const result = mapped(acuityAppointment(overrides));
    expect(result.ok && result.value).toMatchObject(expected);
    if (overrides.timezone) expect(result.ok && result.value.contact.timeZone).toBeUndefined();
  });

  it("marks every appointment from the canceled list as cancelled", () => {
    const result = mapped(acuityAppointment(), true);
    expect(result.ok && result.value.status).toBe("cancelled");
  });

  it("omits payment and smsOptIn when Acuity sends neither", () => {
    const raw = acuityAppointment();
    for (const key of ["paid", "amountPaid", "price", "smsOptIn"]) delete raw[key];
    const result = mapped(raw);
    expect(result.ok && result.value.payment).toBeUndefined();
    expect(result.ok && "smsOptIn" in result.value).toBe(false);
  });

  it.each<[string, unknown, string, string]>([
    ["no id", acuityAppointment({ id: undefined }), "acuity:unknown", "malformed"],
    ["a non-numeric id", acuityAppointment({ id: "abc" }), "acuity:unknown", "malformed"],
    ["a wrongly typed paid", acuityAppointment({ paid: 42 }), "acuity:54321", "malformed"],
    ["no datetime", acuityAppointment({ datetime: undefined }), "acuity:54321", "no-start"],
    ["a blank datetime", acuityAppointment({ datetime: " " }), "acuity:54321", "no-start"],
    ["an unreadable datetime", acuityAppointment({ datetime: "next tuesday" }), "acuity:54321", "malformed"],
    ["no phone", acuityAppointment({ phone: "" }), "acuity:54321", "no-phone"],
    ["an invalid phone", acuityAppointment({ phone: "12" }), "acuity:54321", "invalid-phone"],
    ["null", null, "acuity:unknown", "malformed"],
    ["a string", "appointment", "acuity:unknown", "malformed"],
  ])("skips an appointment with %s", (_name, raw, ref, reason) => {
    expect(mapped(raw)).toEqual({ ok: false, skipped: { ref, reason } });
  });

  it("gives the same person the same patient ref, a sibling on the same phone another, and puts no phone digits in it", () => {
    const ref = (overrides: Record<string, unknown>) => {
      const result = mapped(acuityAppointment(overrides));
      return result.ok ? result.value.patientRef : "";
    };
    const first = ref({ id: 1 });
    expect(ref({ id: 2, firstName: " testy ", phone: "312.555.0101" })).toBe(first);
    expect(ref({ id: 3, firstName: "Sibling" })).not.toBe(first);
    expect(first).toMatch(/^acuity-client:[A-Za-z0-9_-]{22}$/);
    expect(first).not.toContain("5550101");
    const otherKey = mapAcuityAppointment(acuityAppointment(), { clientRefKey: "another-key" });
    expect(otherKey.ok && otherKey.value.patientRef).not.toBe(first);
  });

  it("never throws, whatever the input", () => {
    fc.assert(fc.property(fc.anything(), (raw) => {
      const result = mapped(raw);
      expect(typeof result.ok).toBe("boolean");
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.record({ id: fc.oneof(fc.integer(), fc.string()), datetime: fc.string(), phone: fc.string(), paid: fc.anything(), price: fc.anything() }, { requiredKeys: [] }), (raw) => {
      expect(typeof mapped(raw).ok).toBe("boolean");
    }), { numRuns: 300 });
  });
});

describe("pulling Acuity appointments by window", () => {
  it("asks for the window in ascending order and maps the list, skipping bad ones by id only", async () => {
    const queries: URLSearchParams[] = [];
    server.use(http.get(`${BASE_URL}/appointments`, ({ request }) => {
      queries.push(new URL(request.url).searchParams);
      return HttpResponse.json([acuityAppointment({ id: 1 }), acuityAppointment({ id: 2, phone: "" }), acuityAppointment({ id: 3, phone: "+1 312 555 0103" })]);
    }));
    const logs: LogRecord[] = [];
    setLogSink((record) => logs.push(record));
    const pull = await pullAcuityAppointments(testClient(), { minDate: "2030-07-01", maxDate: "2030-07-14" }, context);

    expect(pull.appointments.map((a) => a.ref)).toEqual(["acuity:1", "acuity:3"]);
    expect(pull.skipped).toEqual([{ ref: "acuity:2", reason: "no-phone" }]);
    expect(pull.truncated).toBe(false);
    expect(queries).toHaveLength(1);
    expect(Object.fromEntries(queries[0] ?? [])).toEqual({ minDate: "2030-07-01", maxDate: "2030-07-14", max: "2000", direction: "ASC", excludeForms: "true" });
    const skippedLog = logs.find((l) => l.event === "acuity.appointment.skipped");
    expect(skippedLog?.fields).toEqual({ ref: "acuity:2", reason: "no-phone" });
    expect(JSON.stringify(logs)).not.toMatch(/555|Testy|Example/);
  });

  it("also fetches cancelled appointments when asked, and marks them cancelled", async () => {
    server.use(http.get(`${BASE_URL}/appointments`, ({ request }) => {
      const canceled = new URL(request.url).searchParams.get("canceled") === "true";
      return HttpResponse.json(canceled ? [acuityAppointment({ id: 9 })] : [acuityAppointment({ id: 1 })]);
    }));
    const pull = await pullAcuityAppointments(testClient(), { minDate: "2030-07-01", maxDate: "2030-07-02", includeCanceled: true, calendarId: "27238" }, context);
    expect(pull.appointments.map((a) => `${a.ref}:${a.status}`)).toEqual(["acuity:1:booked", "acuity:9:cancelled"]);
  });

  it("reports truncation when Acuity returns as many as the cap", async () => {
    server.use(http.get(`${BASE_URL}/appointments`, () => HttpResponse.json([acuityAppointment({ id: 1 }), acuityAppointment({ id: 2 })])));
    const pull = await pullAcuityAppointments(testClient(), { minDate: "2030-07-01", maxDate: "2030-07-02", max: 2 }, context);
    expect(pull.truncated).toBe(true);
  });

  it("fails clearly when the response is not a list", async () => {
    server.use(http.get(`${BASE_URL}/appointments`, () => HttpResponse.json({ status_code: 200, message: "?" })));
    const err = await pullAcuityAppointments(testClient(), { minDate: "2030-07-01", maxDate: "2030-07-02" }, context).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AcuityApiError);
    expect((err as AcuityApiError).code).toBe("invalid-response");
  });
});

describe("a window larger than one Acuity response", () => {
  const DAYS = 14;
  /** A fake Acuity with `total` appointments spread over 14 days, honouring minDate/maxDate (local dates), direction and max. */
  function serveMany(total: number) {
    const all = Array.from({ length: total }, (_, i) => {
      const day = `2030-07-${String(1 + (i % DAYS)).padStart(2, "0")}`;
      const minute = Math.floor(i / DAYS);
      return acuityAppointment({ id: 100_000 + i, datetime: `${day}T${String(8 + Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00-0500` });
    });
    const queries: Array<{ minDate: string; maxDate: string }> = [];
    server.use(http.get(`${BASE_URL}/appointments`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      const minDate = q.get("minDate") ?? "";
      const maxDate = q.get("maxDate") ?? "";
      queries.push({ minDate, maxDate });
      const inWindow = all.filter((a) => String(a.datetime).slice(0, 10) >= minDate && String(a.datetime).slice(0, 10) <= maxDate);
      inWindow.sort((a, b) => String(a.datetime).localeCompare(String(b.datetime)));
      return HttpResponse.json(inWindow.slice(0, Number(q.get("max"))));
    }));
    return queries;
  }

  it("pulls all 2,500 appointments of a window past Acuity's 2,000-row cap by splitting it", async () => {
    setLogSink(() => undefined);
    const queries = serveMany(2_500);
    const pull = await pullAcuityAppointments(testClient(), { minDate: "2030-07-01", maxDate: "2030-07-14" }, context);
    expect(pull.truncated).toBe(false);
    const refs = pull.appointments.map((a) => a.ref);
    expect(refs).toHaveLength(2_500);
    expect(new Set(refs).size).toBe(2_500);
    expect(queries).toEqual([
      { minDate: "2030-07-01", maxDate: "2030-07-14" },
      { minDate: "2030-07-01", maxDate: "2030-07-07" },
      { minDate: "2030-07-08", maxDate: "2030-07-14" },
    ]);
  });

  it("splits again and again until each half fits, and flags only a single day over the cap", async () => {
    const logs: LogRecord[] = [];
    setLogSink((r) => logs.push(r));
    serveMany(DAYS * 30);
    const pull = await pullAcuityAppointments(testClient(), { minDate: "2030-07-01", maxDate: "2030-07-14", max: 25 }, context);
    expect(pull.truncated).toBe(true);
    expect(new Set(pull.appointments.map((a) => a.ref)).size).toBe(DAYS * 25);
    expect(logs.find((l) => l.event === "acuity.pull.truncated")?.fields).toMatchObject({ max: 25, days: expect.arrayContaining(["2030-07-01", "2030-07-14"]) });
  });
});
