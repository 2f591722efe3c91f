import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recipeSubjectRef } from "../../src/automations/recipe-service.js";
import { createApiKey } from "../../src/store/api-keys.js";
import { listAudit } from "../../src/store/audit-log.js";
import { getRecipeVersion } from "../../src/store/automation-recipes.js";
import { createHook } from "../../src/store/hooks.js";
import { CLEAN_TEXT, emitStep, recipeWith, sendStep } from "../automations/recipe-fixtures.js";
import { openApiRig, type ApiRig } from "./helpers.js";

let rig: ApiRig;
let writeKey: string;
let writeKeyId: string;
beforeAll(async () => {
  rig = await openApiRig();
  ({ key: writeKey, id: writeKeyId } = await createApiKey(rig.services.store, "write"));
});
afterAll(() => rig.services.dispose());

const REASON_TEXT = "{{practice.name}}: About your {{appointment.reason}} visit. Reply STOP to opt out.";
const clean = recipeWith([sendStep("send-1", CLEAN_TEXT)], { name: "No-show text" });
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe("/api/automations", () => {
  it("creates a recipe disabled at version 1, reads it back and lists it, with the check's findings", async () => {
    const created = await rig.call("POST", "/api/automations", { key: writeKey, body: { id: "no-show-text", recipe: clean } });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ id: "no-show-text", version: 1, active: false, shipped: false, findings: [], recipe: { name: "No-show text", trigger: { on: "appointment.no_show" } } });
    const read = await rig.call("GET", "/api/automations/no-show-text");
    expect(await json(read)).toMatchObject({ id: "no-show-text", version: 1 });
    const list = (await json(await rig.call("GET", "/api/automations"))) as { automations: Array<{ id: string }> };
    expect(list.automations.map((a) => a.id)).toContain("no-show-text");
    expect((await listAudit(rig.services.store, recipeSubjectRef("no-show-text")))[0]).toMatchObject({ action: "automation.saved", actor: `api-key:${writeKeyId}` });
  });

  it("refuses a second create of the same id with 409, but answers a retry under its Idempotency-Key with the same recipe", async () => {
    const headers = { "idempotency-key": "zap-create-1" };
    const first = await rig.call("POST", "/api/automations", { body: { id: "retry-me", recipe: clean }, headers });
    const again = await rig.call("POST", "/api/automations", { body: { id: "retry-me", recipe: clean }, headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect((await json(again)).version).toBe(1);
    const conflict = await rig.call("POST", "/api/automations", { body: { id: "retry-me", recipe: clean } });
    expect(conflict.status).toBe(409);
    expect(await json(conflict)).toMatchObject({ error: { status: 409, message: expect.stringContaining("PUT /api/automations/retry-me") } });
    const reused = await rig.call("POST", "/api/automations", { body: { id: "other-id", recipe: clean }, headers });
    expect(await json(reused)).toMatchObject({ error: { status: 422, code: "idempotency-key-reused" } });
  });

  it("refuses a malformed recipe with 422 naming each field, and stores nothing", async () => {
    const bad = { ...clean, steps: [{ id: "Send 1", kind: "send", purpose: "follow-up", template: { fr: "Bonjour" } }] };
    const res = await rig.call("POST", "/api/automations", { body: { id: "bad-one", recipe: bad } });
    expect(res.status).toBe(422);
    const error = (await json(res)).error as { details: { fields: Array<{ field: string; message: string }> } };
    expect(error.details.fields.map((f) => f.field)).toEqual(expect.arrayContaining(["recipe.steps.0.id"]));
    expect((await rig.call("GET", "/api/automations/bad-one")).status).toBe(404);
  });

  it("saves an edit as a new version, keeps version 1 for runs already started, and answers 404 for an unknown id", async () => {
    await rig.call("POST", "/api/automations", { body: { id: "edit-me", recipe: clean } });
    const edited = recipeWith([sendStep("send-1", CLEAN_TEXT.replace("today", "this morning"))], { name: "No-show text" });
    const res = await rig.call("PUT", "/api/automations/edit-me", { body: { recipe: edited } });
    expect(await json(res)).toMatchObject({ version: 2, recipe: { steps: [{ template: { en: expect.stringContaining("this morning") } }] } });
    expect((await getRecipeVersion(rig.services.store, "edit-me", 1))?.steps[0]).toMatchObject({ template: { en: CLEAN_TEXT } });
    expect((await rig.call("PUT", "/api/automations/nobody", { body: { recipe: edited } })).status).toBe(404);
  });

  it("refuses to activate a recipe using {{appointment.reason}} with 422 and each finding, then activates it once fixed", async () => {
    const created = await json(await rig.call("POST", "/api/automations", { body: { id: "reason", recipe: recipeWith([sendStep("send-1", REASON_TEXT)]) } }));
    expect(created.findings).toEqual([expect.objectContaining({ stepId: "send-1", severity: "error" })]);
    const refused = await rig.call("POST", "/api/automations/reason/activate");
    expect(refused.status).toBe(422);
    expect(await json(refused)).toMatchObject({ error: { status: 422, code: "recipe-check-failed", details: { findings: [{ stepId: "send-1", severity: "error", fix: expect.any(String) }] } } });
    await rig.call("PUT", "/api/automations/reason", { body: { recipe: clean } });
    const on = await rig.call("POST", "/api/automations/reason/activate");
    expect([on.status, (await json(on)).active]).toEqual([200, true]);
    const off = await rig.call("POST", "/api/automations/reason/deactivate");
    expect([off.status, (await json(off)).active]).toEqual([200, false]);
    expect((await rig.call("POST", "/api/automations/nobody/activate")).status).toBe(404);
    expect((await rig.call("POST", "/api/automations/nobody/deactivate")).status).toBe(404);
  });

  it("refuses to activate an emit step with patient fields while a hook outside the BAA receives automation events", async () => {
    await createHook(rig.services.store, rig.services.crypto, { event: "automation.emitted", targetUrl: "https://hooks.zapier.com/hooks/standard/1/abc/", secret: "s".repeat(32) });
    await rig.call("POST", "/api/automations", { body: { id: "emit-phone", recipe: recipeWith([emitStep("emit-1", ["patient.phone"])]) } });
    const refused = await json(await rig.call("POST", "/api/automations/emit-phone/activate"));
    expect(refused).toMatchObject({ error: { code: "recipe-check-failed", details: { findings: [{ stepId: "emit-1", message: expect.stringContaining("without a BAA") }] } } });
  });
});
