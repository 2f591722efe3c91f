import { afterEach, describe, expect, it } from "vitest";
import { log, setLogSink, type LogRecord } from "../src/log.js";

describe("log", () => {
  afterEach(() => setLogSink(null));

  it("redacts fields whose names look like PHI", () => {
    const seen: LogRecord[] = [];
    setLogSink((r) => seen.push(r));
    log.info("reminder.sent", { appointmentId: "appt-1", phone: "+13125550100", patientName: "Ann", messageSid: "SM1" });
    expect(seen[0]?.fields).toEqual({ appointmentId: "appt-1", phone: "[redacted]", patientName: "[redacted]", messageSid: "SM1" });
  });
});
