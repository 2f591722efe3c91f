import { createAcuityClient } from "../../../../connectors/acuity/client.js";

/** Synthetic Acuity data in the API v1 shape from Acuity's public docs (appointment example). */
export const BASE_URL = "https://acuity.test/api/v1";
export const USER_ID = "11145481";
export const API_KEY = "test-api-key-0123456789abcdef";
export const REF_KEY = "test-client-ref-key";

export function testClient(sleeps: number[] = []) {
  return createAcuityClient({ userId: USER_ID, apiKey: API_KEY, baseUrl: BASE_URL }, { retry: { sleep: async (ms) => void sleeps.push(ms), now: () => new Date("2030-03-01T12:00:00Z") } });
}

export function acuityAppointment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 54321,
    firstName: "Testy",
    lastName: "Example",
    phone: "(312) 555-0101",
    email: "testy.example@example.com",
    date: "July 2, 2030",
    time: "10:15am",
    endTime: "11:15am",
    dateCreated: "June 17, 2030",
    datetime: "2030-07-02T10:15:00-0500",
    price: "10.00",
    paid: "no",
    amountPaid: "0.00",
    type: "Regular Visit",
    appointmentTypeID: 1,
    addonIDs: [1],
    classID: null,
    category: "",
    duration: "60",
    calendar: "My Calendar",
    calendarID: 27238,
    canClientCancel: false,
    canClientReschedule: false,
    location: "",
    certificate: null,
    confirmationPage: "https://acuityscheduling.com/schedule.php?owner=11145481&id[]=1220aa9f&action=appt",
    formsText: "...",
    notes: "Notes",
    timezone: "America/Chicago",
    smsOptIn: true,
    forms: [],
    labels: [{ id: 3, name: "Completed", color: "pink" }],
    ...overrides,
  };
}
