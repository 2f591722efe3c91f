import type { Appointment, Bundle } from "@medplum/fhirtypes";
import type { Services } from "../runtime/services.js";

/**
 * When the patient was last seen: the start of their latest fulfilled appointment before `before`,
 * read from the EHR. "none" when they have never been seen (a new patient); null when the source
 * cannot tell (Acuity and HL7 feeds carry no visit history), so a condition on it does not hold.
 */
export async function lastVisitOf(services: Pick<Services, "sources">, patientRef: string, before: Date): Promise<Date | "none" | null> {
  const client = services.sources.fhir;
  if (!client || !patientRef.startsWith("Patient/")) return null;
  const bundle: Bundle = await client.search("Appointment", { patient: patientRef, status: "fulfilled", date: `lt${before.toISOString()}`, _sort: "-date", _count: "1" });
  const latest = bundle.entry?.map((e) => e.resource as Appointment | undefined).find((a) => a?.resourceType === "Appointment" && a.start);
  return latest?.start ? new Date(latest.start) : "none";
}
