import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { cancelAcuityAppointment } from "../../../connectors/acuity/actions/cancel-appointment.js";
import { AcuityApiError } from "../../../connectors/acuity/acuity-error.js";
import { useMsw } from "../fhir/helpers/msw.js";
import { acuityAppointment, BASE_URL, testClient } from "./helpers/fixtures.js";

const server = useMsw();

describe("cancelling an Acuity appointment", () => {
  it("PUTs /appointments/:id/cancel as admin with the note", async () => {
    let seen: { query: Record<string, string>; body: unknown } | undefined;
    server.use(http.put(`${BASE_URL}/appointments/54321/cancel`, async ({ request }) => {
      seen = { query: Object.fromEntries(new URL(request.url).searchParams), body: await request.json() };
      return HttpResponse.json(acuityAppointment({ noShow: false }));
    }));
    const result = await cancelAcuityAppointment(testClient(), { appointmentRef: "acuity:54321", cancelNote: "Cancelled by SMS reply", noEmail: true });
    expect(result).toEqual({ ok: true, appointmentRef: "acuity:54321" });
    expect(seen).toEqual({ query: { admin: "true", noEmail: "true" }, body: { cancelNote: "Cancelled by SMS reply" } });
  });

  it("accepts a bare id and can cancel as a client", async () => {
    let query: Record<string, string> = {};
    server.use(http.put(`${BASE_URL}/appointments/7/cancel`, ({ request }) => {
      query = Object.fromEntries(new URL(request.url).searchParams);
      return HttpResponse.json(acuityAppointment({ id: 7, noShow: false }));
    }));
    expect(await cancelAcuityAppointment(testClient(), { appointmentRef: "7", admin: false })).toEqual({ ok: true, appointmentRef: "acuity:7" });
    expect(query).toEqual({ admin: "false" });
  });

  it.each(["cancel_not_allowed", "cancel_too_close"])("returns Acuity's refusal %s as a result", async (error) => {
    server.use(http.put(`${BASE_URL}/appointments/54321/cancel`, () => HttpResponse.json({ status_code: 400, message: "Clients are not allowed to cancel.", error }, { status: 400 })));
    expect(await cancelAcuityAppointment(testClient(), { appointmentRef: "acuity:54321" })).toEqual({ ok: false, appointmentRef: "acuity:54321", reason: error });
  });

  it("throws on a server error so the engine can retry", async () => {
    server.use(http.put(`${BASE_URL}/appointments/54321/cancel`, () => new HttpResponse(null, { status: 500 })));
    await expect(cancelAcuityAppointment(testClient(), { appointmentRef: "acuity:54321" })).rejects.toBeInstanceOf(AcuityApiError);
  });

  it.each(["Appointment/1", "acuity:abc", "acuity:1/../2", ""])("refuses the ref %j without calling Acuity", async (appointmentRef) => {
    await expect(cancelAcuityAppointment(testClient(), { appointmentRef })).rejects.toThrow(/Acuity appointment ref/);
  });
});
