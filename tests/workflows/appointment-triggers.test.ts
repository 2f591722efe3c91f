import { describe, expect, it } from "vitest";
import { mapAppointment } from "../../connectors/fhir/map-appointment.js";
import { appointmentTriggers } from "../../workflows/automation-triggers.js";
import { openTestServices } from "../helpers/test-services.js";
import { appointment, patient } from "../connectors/fhir/helpers/fixtures.js";

const NOW = new Date("2030-03-01T00:00:00Z");

/** The triggers a change to one appointment fires, from the record the FHIR mapping makes of it. */
async function triggersFor(status: "cancelled" | "entered-in-error"): Promise<string[]> {
  const services = await openTestServices({ now: NOW });
  try {
    const mapped = mapAppointment(appointment("a1", "p1", { status }), patient("p1"), NOW);
    if (!mapped.ok) throw new Error("the fixture should map");
    return appointmentTriggers(services, mapped.value, "cancelled", { status: "booked", lastSeenAt: NOW }, NOW).map((e) => e.kind);
  } finally {
    await services.dispose();
  }
}

describe("a booking that ends without a visit", () => {
  it("cancelled in the EHR fires appointment.cancelled", async () => {
    expect(await triggersFor("cancelled")).toEqual(["appointment.cancelled"]);
  });

  it("entered-in-error (a record that should never have existed) is cancelled for scheduling, but fires no cancellation recipe the patient would hear from", async () => {
    const mapped = mapAppointment(appointment("a1", "p1", { status: "entered-in-error" }), patient("p1"), NOW);
    expect(mapped.ok && [mapped.value.status, mapped.value.enteredInError]).toEqual(["cancelled", true]);
    expect(await triggersFor("entered-in-error")).toEqual([]);
  });
});
