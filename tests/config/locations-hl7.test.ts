import { describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { locationDirectory, sameLocation } from "../../src/locations/location-directory.js";

describe("locations: HL7 AIL codes", () => {
  it("an AIL code listed under hl7: names that location", () => {
    const config = parsePracticeConfig({ locations: [{ id: "denver", hl7: ["DEN", "DENVER-MAIN"], name: "Sunrise Denver" }, { id: "mesa", name: "Mesa" }] });
    expect(locationDirectory(config).byRef("hl7-location:DEN")?.id).toBe("denver");
    expect(locationDirectory(config).byRef("hl7-location:DENVER-MAIN")?.id).toBe("denver");
    expect(locationDirectory(config).byRef("hl7-location:MESA")).toBeUndefined();
    expect(sameLocation(config, "hl7-location:DEN", "denver")).toBe(true);
  });

  it("one code under two entries, or a code with spaces, stops the start with the path", () => {
    expect(() => parsePracticeConfig({ locations: [{ id: "a", hl7: ["X"], name: "A" }, { id: "b", hl7: ["X"], name: "B" }] })).toThrow(/locations\.1\.hl7\.0/);
    expect(() => parsePracticeConfig({ locations: [{ id: "a", hl7: ["NOT OK"], name: "A" }] })).toThrow(/locations\.0\.hl7\.0/);
  });
});
