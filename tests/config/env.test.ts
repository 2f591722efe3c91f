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
