import { afterEach, describe, expect, it, vi } from "vitest";
import { log, setLogSink, type LogRecord } from "../src/log.js";

describe("log", () => {
  afterEach(() => setLogSink(null));

  it("redacts fields whose names look like PHI", () => {
    const seen: LogRecord[] = [];
    setLogSink((r) => seen.push(r));
    log.info("reminder.sent", { appointmentId: "appt-1", phone: "+13125550100", patientName: "Ann", messageSid: "SM1" });
    expect(seen[0]?.fields).toEqual({ appointmentId: "appt-1", phone: "[redacted]", patientName: "[redacted]", messageSid: "SM1" });
  });

  it("writes the line's own event name even when a field is called event", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      log.info("reminder.reply_applied", { event: "appointment.confirmed", level: "error" });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ level: "info", event: "reminder.reply_applied" });
    expect(lines[0]).toMatch(/^\{"level":"info","event":"reminder\.reply_applied","time":/);
  });
});
