import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { App } from "./app-tester.js";

// The CLI's own path: core compiles and serializes the app, then the schema package validates it.
const require = createRequire(import.meta.url);
const schemaTools = require("zapier-platform-core/src/tools/schema") as { prepareApp(app: object): object; serializeApp(app: object): Record<string, unknown> };
const { validateAppDefinition } = require("zapier-platform-schema") as { validateAppDefinition(definition: object): { errors: Array<{ stack: string }> } };

const definition = () => schemaTools.serializeApp(schemaTools.prepareApp(App));

describe("the app definition", () => {
  it("passes zapier-platform-schema's validateAppDefinition with zero errors", () => {
    const errors = validateAppDefinition(definition()).errors.map((e) => e.stack);
    expect(errors).toEqual([]);
  });

  it("is the one Zapier would load: version from package.json, platform version of the installed core", () => {
    const serialized = definition();
    const pkg = require("../package.json") as { version: string; dependencies: Record<string, string> };
    expect(serialized.version).toBe(pkg.version);
    expect(serialized.platformVersion).toBe(pkg.dependencies["zapier-platform-core"]);
    expect(Object.keys(serialized.triggers as object)).toHaveLength(11);
    expect(Object.keys(serialized.creates as object).sort()).toEqual(["add_to_waitlist", "record_consent", "send_message", "sync_now"]);
  });

  it("fails validation when a trigger carries a property the schema does not allow (the check can fail)", () => {
    const serialized = definition();
    const triggers = serialized.triggers as Record<string, { operation: Record<string, unknown> }>;
    const first = Object.values(triggers)[0];
    if (!first) throw new Error("no trigger");
    first.operation.event = "appointment.confirmed";
    expect(validateAppDefinition(serialized).errors.map((e) => e.stack).join("\n")).toMatch(/event/);
  });
});
