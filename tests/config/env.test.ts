import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "../../src/config/env.js";

describe("loadEnv", () => {
  it("applies sane defaults when nothing is configured", () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(8787);
    expect(env.DATA_DIR).toBe("./data");
    expect(env.FHIR_AUTH).toBe("none");
  });

  it("treats blank variables as unset", () => {
    expect(loadEnv({ FHIR_BASE_URL: "" }).FHIR_BASE_URL).toBeUndefined();
  });

  it("names the bad variable in the error", () => {
    expect(() => loadEnv({ PORT: "not-a-port" })).toThrow(ConfigError);
    expect(() => loadEnv({ FHIR_BASE_URL: "nope" })).toThrow(/FHIR_BASE_URL/);
  });
});

describe("loadEnv refuses settings that cannot work together", () => {
  const LONG_KEY = "k".repeat(32);
  const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`, TWILIO_AUTH_TOKEN: "t".repeat(32), TWILIO_MESSAGING_SERVICE_SID: `MG${"2".repeat(32)}` };

  it.each(["bearer", "smart", "none"])("refuses FHIR_AUTH=%s without FHIR_BASE_URL, naming both", (auth) => {
    expect(() => loadEnv({ FHIR_AUTH: auth })).toThrow(ConfigError);
    expect(() => loadEnv({ FHIR_AUTH: auth })).toThrow(/FHIR_AUTH: is set but FHIR_BASE_URL is not.*set FHIR_BASE_URL/);
  });

  it("refuses a FHIR credential without FHIR_BASE_URL, and accepts FHIR_AUTH with it", () => {
    expect(() => loadEnv({ FHIR_BEARER_TOKEN: "abc" })).toThrow(/FHIR_BEARER_TOKEN: is set but FHIR_BASE_URL is not/);
    expect(loadEnv({ FHIR_AUTH: "bearer", FHIR_BASE_URL: "https://ehr.example.org/fhir" }).FHIR_AUTH).toBe("bearer");
  });

  it("refuses a MINNOW_API_KEY shorter than 32 characters without echoing it", () => {
    const short = "short-master-key-31-characters!";
    expect(short).toHaveLength(31);
    expect(() => loadEnv({ MINNOW_API_KEY: short })).toThrow(/MINNOW_API_KEY: must be at least 32 characters; generate one with `openssl rand -hex 32`/);
    expect(() => loadEnv({ MINNOW_API_KEY: short })).not.toThrow(short);
    expect(loadEnv({ MINNOW_API_KEY: LONG_KEY }).MINNOW_API_KEY).toBe(LONG_KEY);
  });

  it("refuses real Twilio credentials without PUBLIC_URL, because callbacks and signatures need it", () => {
    expect(() => loadEnv(TWILIO)).toThrow(/PUBLIC_URL: is required with real Twilio credentials/);
    expect(() => loadEnv({ TWILIO_AUTH_TOKEN: "t".repeat(32) })).toThrow(/PUBLIC_URL/);
    expect(loadEnv({ ...TWILIO, PUBLIC_URL: "https://minnow.example.org" }).PUBLIC_URL).toBe("https://minnow.example.org");
  });

  it("lets a Twilio test server (TWILIO_API_BASE_URL) run without PUBLIC_URL", () => {
    expect(loadEnv({ ...TWILIO, TWILIO_API_BASE_URL: "http://127.0.0.1:4010" }).TWILIO_API_BASE_URL).toBe("http://127.0.0.1:4010");
  });

  it("lists every problem at once", () => {
    expect(() => loadEnv({ FHIR_AUTH: "bearer", MINNOW_API_KEY: "x", ...TWILIO })).toThrow(/FHIR_AUTH[\s\S]*MINNOW_API_KEY[\s\S]*PUBLIC_URL|MINNOW_API_KEY[\s\S]*FHIR_AUTH[\s\S]*PUBLIC_URL/);
  });
});
