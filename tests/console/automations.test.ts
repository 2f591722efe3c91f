import { afterEach, describe, expect, it } from "vitest";
import { RecipeSchema, type Recipe } from "../../src/automations/recipe.js";
import { getRecipe, listRecipes, saveRecipeVersion } from "../../src/store/automation-recipes.js";
import { recordRunFinished, recordRunReply, recordRunSend, recordRunStarted } from "../../src/store/automation-runs.js";
import { listAudit } from "../../src/store/audit-log.js";
import { formOfPage } from "./helpers/form-of-page.js";
import { openConsoleRig, openConsoleRigWithEhr, pageText, type ConsoleRig } from "./helpers/console-rig.js";
import { simulateRecipe } from "../../src/automations/simulate.js";
import { formatDate, formatTimeInZone } from "../../src/console/time.js";

/**
 * The automations page: who may open it, the list with switches and counts, the form editor (a
 * save, a refused save that keeps everything typed, the step buttons), live checks, turning on
 * (refused with each finding in words, or done), and the runs of both versions after an edit.
 */
let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const LOCATIONS = { locations: [{ id: "mesa", name: "Mesa clinic", timeZone: "America/Phoenix" }, { id: "tempe", name: "Tempe clinic" }] };

const recipe = (body: string): Recipe =>
  RecipeSchema.parse({
    name: "No-show follow-up",
    trigger: { on: "appointment.no_show" },
    steps: [
      { id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: body } },
      { id: "reply-1", kind: "wait_for_reply", within: "2d", branches: [{ intent: "reschedule", steps: [{ id: "inbox-1", kind: "inbox", note: "Call to rebook" }] }], timeout: [] },
    ],
  });
const CLEAN = "{{practice.name}}: We missed you today. Reply R to rebook. Reply STOP to opt out.";
const LEAKY = "{{practice.name}}: We missed your {{appointment.reason}} visit. Reply STOP to opt out.";

/** The fields of a new automation as a manager fills them in. */
const NEW_FORM = {
  name: "Booking confirmation",
  description: "",
  "trigger.on": "appointment.booked",
  "conditions.locations": ["tempe"],
  "conditions.patient": "new",
  "steps.0.kind": "send",
  "steps.0.id": "send-1",
  "steps.0.purpose": "appointment-reminder",
  "steps.0.body.en": "{{practice.name}}: You are booked. Reply STOP to opt out.",
  "steps.0.body.es": "",
  op: "save",
};

describe("the automations page", () => {
  it("is for managers and administrators: the menu shows it to them, the front desk gets a 403", async () => {
    rig = await openConsoleRig();
    const manager = await rig.signIn("manager");
    expect(await (await manager.get("/today")).text()).toContain('href="/automations"');
    const desk = await rig.signIn("front-desk");
    expect(await (await desk.get("/today")).text()).not.toContain('href="/automations"');
    expect((await desk.get("/automations")).status).toBe(403);
    expect((await desk.post("/automations/new", NEW_FORM)).status).toBe(403);
    expect(await listRecipes(rig.services.store)).toEqual([]);
  });

  it("lists each automation with its switch, whether it is an example, and its runs, texts and replies by meaning", async () => {
    rig = await openConsoleRig();
    const { store } = rig.services;
    const at = rig.services.clock.now();
    await saveRecipeVersion(store, "no-show", recipe(CLEAN), { by: "minnow", at, shipped: true });
    for (const [key, sends, reply] of [["r1", 1, "reschedule"], ["r2", 2, "reschedule"], ["r3", 1, "decline"], ["r4", 0, null]] as const) {
      await recordRunStarted(store, { runKey: key, recipeId: "no-show", version: 1, subjectRef: `Appointment/${key}`, at });
      for (let i = 0; i < sends; i++) await recordRunSend(store, key);
      if (reply) await recordRunReply(store, key, reply);
    }
    const manager = await rig.signIn("manager");
    const html = await (await manager.get("/automations")).text();
    const row = /<tr data-recipe="no-show">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? "";
    const words = row.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(words).toContain("No-show follow-up Example");
    expect(words).toContain("When an appointment is marked no-show");
    expect(words).toMatch(/Off 4 4 2 · Wants another time \(R\) 1 · Declines/);
    expect(row).toContain('action="/automations/no-show/on"');
  });

  it("saves a new automation from the form (no JSON anywhere) and names it from its name", async () => {
    rig = await openConsoleRig({ config: LOCATIONS });
    const manager = await rig.signIn("manager");
    const page = await (await manager.get("/automations/new")).text();
    expect(page).toContain("Mesa clinic");
    expect(page).not.toMatch(/<textarea[^>]*name="(recipe|json|definition)"/);
    const res = await manager.post("/automations/new", NEW_FORM);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/automations/booking-confirmation?saved=1&fix=0");
    const stored = await getRecipe(rig.services.store, "booking-confirmation");
    expect(stored?.active).toBe(false);
    expect(stored?.recipe).toEqual({
      name: "Booking confirmation",
      description: "",
      trigger: { on: "appointment.booked" },
      conditions: { locations: ["tempe"], patient: "new" },
      steps: [{ id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: "{{practice.name}}: You are booked. Reply STOP to opt out." } }],
    });
    expect(await pageText(await manager.get(res.headers.get("location") ?? ""))).toContain("Saved as version 1.");
    expect((await listAudit(rig.services.store, "automation:booking-confirmation")).map((e) => [e.action, e.actor])).toEqual([["automation.saved", `staff:${manager.staff.id}`]]);
  });

  it("refuses a save with bad fields: each problem beside its field, everything typed still there, nothing stored", async () => {
    rig = await openConsoleRig({ config: LOCATIONS });
    const manager = await rig.signIn("manager");
    await manager.get("/automations/new");
    const res = await manager.post("/automations/new", { ...NEW_FORM, name: "", "steps.0.body.en": "", "steps.0.body.es": "Hola, {{practice.name}}", "conditions.lastVisitMoreThan": "a year" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="f-name-error"[^>]*>[\s\S]*?Give the automation a name/);
    expect(html).toMatch(/id="f-steps\.0\.body\.en-error"[^>]*>[\s\S]*?A send step needs an English \(en\) body/);
    expect(html).toMatch(/id="f-conditions\.lastVisitMoreThan-error"[^>]*>[\s\S]*?Write how long as a number and a unit/);
    expect(html).toContain("Nothing was saved. Everything you typed is still here.");
    const fields = formOfPage(html, "/automations/new");
    expect(fields["steps.0.body.es"]).toEqual(["Hola, {{practice.name}}"]);
    expect(fields["conditions.lastVisitMoreThan"]).toEqual(["a year"]);
    expect(fields["conditions.locations"]).toEqual(["tempe"]);
    expect(fields["conditions.patient"]).toEqual(["new"]);
    expect(await listRecipes(rig.services.store)).toEqual([]);
  });

  it("adds, moves and removes steps by posting the form, keeping what was typed and saving nothing", async () => {
    rig = await openConsoleRig();
    const manager = await rig.signIn("manager");
    await manager.get("/automations/new");
    const typed = { ...NEW_FORM, name: "Half typed", "steps.0.body.en": "Not finished" };
    const added = await manager.post("/automations/new", { ...typed, op: "add:steps", "newkind.steps": "wait_for_reply" });
    expect(added.status).toBe(200);
    let fields = formOfPage(await added.text(), "/automations/new");
    expect(fields.name).toEqual(["Half typed"]);
    expect(fields["steps.0.body.en"]).toEqual(["Not finished"]);
    expect(fields["steps.1.kind"]).toEqual(["wait_for_reply"]);
    expect(fields["steps.1.branches.0.intent"]).toEqual(["reschedule"]);
    const inBranch = await manager.post("/automations/new", { ...fields, op: "add:steps.1.branches.0.steps", "newkind.steps.1.branches.0.steps": "inbox" });
    fields = formOfPage(await inBranch.text(), "/automations/new");
    expect(fields["steps.1.branches.0.steps.0.id"]).toEqual(["inbox-1"]);
    const moved = await manager.post("/automations/new", { ...fields, op: "up:steps.1" });
    fields = formOfPage(await moved.text(), "/automations/new");
    expect(fields["steps.0.kind"]).toEqual(["wait_for_reply"]);
    expect(fields["steps.1.body.en"]).toEqual(["Not finished"]);
    const removed = await manager.post("/automations/new", { ...fields, op: "remove:steps.0" });
    fields = formOfPage(await removed.text(), "/automations/new");
    expect(fields["steps.0.kind"]).toEqual(["send"]);
    expect(fields["steps.1.kind"]).toBeUndefined();
    expect(await listRecipes(rig.services.store)).toEqual([]);
  });

  it("shows a stored automation in the editor's fields so that saving it untouched adds no version", async () => {
    rig = await openConsoleRig({ config: LOCATIONS });
    const { store } = rig.services;
    const full = RecipeSchema.parse({
      ...recipe(CLEAN),
      trigger: { on: "schedule", cron: "0 9 15 1 *" },
      conditions: { locations: ["mesa"], languages: ["es"], lastVisit: { moreThan: "330d" }, practitioners: ["Practitioner/12"] },
    });
    await saveRecipeVersion(store, "recall", full, { by: "minnow", at: rig.services.clock.now() });
    const manager = await rig.signIn("manager");
    const fields = formOfPage(await (await manager.get("/automations/recall/edit")).text(), "/automations/recall/edit");
    const res = await manager.post("/automations/recall/edit", { ...fields, op: "save" });
    expect(res.status).toBe(303);
    expect((await getRecipe(store, "recall"))?.version).toBe(1);
    expect((await getRecipe(store, "recall"))?.recipe).toEqual(full);
  });

  it("shows the runs of both versions after an edit, each with the version it started on", async () => {
    rig = await openConsoleRig();
    const { store } = rig.services;
    const at = rig.services.clock.now();
    await saveRecipeVersion(store, "no-show", recipe(CLEAN), { by: "minnow", at });
    await recordRunStarted(store, { runKey: "early", recipeId: "no-show", version: 1, subjectRef: "Appointment/a1", at: new Date(at.getTime() - 3_600_000) });
    await recordRunFinished(store, "early", "completed", at);
    await saveRecipeVersion(store, "no-show", recipe(CLEAN.replace("today", "this morning")), { by: "staff:x", at });
    await recordRunStarted(store, { runKey: "late", recipeId: "no-show", version: 2, subjectRef: "Appointment/a2", at });
    const manager = await rig.signIn("manager");
    const html = await (await manager.get("/automations/no-show")).text();
    expect(/<tr data-run="late" data-version="2">([\s\S]*?)<\/tr>/.exec(html)?.[1]).toContain("Running");
    const early = /<tr data-run="early" data-version="1">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? "";
    expect(early).toContain("an earlier version");
    expect(early).toContain("Finished");
    expect(await pageText(await manager.get("/automations/no-show"))).toContain("Runs on 2 versions are shown.");
  });

  it("answers an unknown automation with a 404 that leads back to the list", async () => {
    rig = await openConsoleRig();
    const manager = await rig.signIn("manager");
    for (const path of ["/automations/nope", "/automations/nope/edit", "/automations/NOT_AN_ID/dry-run"]) expect((await manager.get(path)).status, path).toBe(404);
    expect((await manager.post("/automations/nope/on")).status).toBe(404);
  });
});

describe("checks and the switch", () => {
  it("checks the form as it is typed: the form's own problems first, then each finding naming its step", async () => {
    rig = await openConsoleRig();
    const manager = await rig.signIn("manager");
    await manager.get("/automations/new");
    const unfinished = await manager.post("/automations/check", { ...NEW_FORM, name: "" }, { headers: { "x-csrf-token": manager.token } });
    expect(await pageText(unfinished)).toContain("Finish the form first: Give the automation a name");
    const leaky = await (await manager.post("/automations/check", { ...NEW_FORM, "steps.0.body.en": LEAKY })).text();
    expect(leaky).toContain('data-checks="errors"');
    expect(/<li class="error" data-step="send-1">([\s\S]*?)<\/li>/.exec(leaky)?.[1]).toMatch(/send-1[\s\S]*appointment\.reason[\s\S]*Fix:/);
    const clean = await (await manager.post("/automations/check", NEW_FORM)).text();
    expect(clean).toContain('data-checks="ok"');
    expect(await listRecipes(rig.services.store)).toEqual([]);
  });

  it("refuses to turn on an automation whose text names the visit's reason, listing the finding by step; a clean one turns on and off", async () => {
    rig = await openConsoleRig();
    const { store } = rig.services;
    const at = rig.services.clock.now();
    await saveRecipeVersion(store, "leaky", recipe(LEAKY), { by: "minnow", at });
    await saveRecipeVersion(store, "clean", recipe(CLEAN), { by: "minnow", at });
    const manager = await rig.signIn("manager");
    await manager.get("/automations/leaky");
    const refused = await manager.post("/automations/leaky/on");
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("It was not turned on");
    expect(/<li class="error" data-step="send-1">([\s\S]*?)<\/li>/.exec(html)?.[1]).toContain("appointment.reason");
    expect((await getRecipe(store, "leaky"))?.active).toBe(false);

    await manager.get("/automations/clean");
    const on = await manager.post("/automations/clean/on");
    expect(on.headers.get("location")).toBe("/automations/clean?turned=on");
    expect((await getRecipe(store, "clean"))?.active).toBe(true);
    expect(await pageText(await manager.get("/automations/clean?turned=on"))).toContain("Turned on: it starts for events from now on.");
    await manager.post("/automations/clean/off");
    expect((await getRecipe(store, "clean"))?.active).toBe(false);
    const audit = await listAudit(store, "automation:clean");
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ["automation.activated", `staff:${manager.staff.id}`],
      ["automation.deactivated", `staff:${manager.staff.id}`],
    ]);
  });

  it("says so when saving an automation that is on with a problem turned it off", async () => {
    rig = await openConsoleRig();
    const { store } = rig.services;
    await saveRecipeVersion(store, "no-show", recipe(CLEAN), { by: "minnow", at: rig.services.clock.now() });
    const manager = await rig.signIn("manager");
    await manager.get("/automations/no-show");
    await manager.post("/automations/no-show/on");
    const fields = formOfPage(await (await manager.get("/automations/no-show/edit")).text(), "/automations/no-show/edit");
    const saved = await manager.post("/automations/no-show/edit", { ...fields, "steps.0.body.en": LEAKY, op: "save" });
    expect(saved.headers.get("location")).toBe("/automations/no-show?saved=2&fix=1&off=1");
    expect(await pageText(await manager.get(saved.headers.get("location") ?? ""))).toContain("Saved as version 2. 1 problem must be fixed before it can be turned on. It was on, so it was turned off until that is fixed; runs already started finish on the version they started with.");
    expect((await getRecipe(store, "no-show"))?.active).toBe(false);
  });
});

describe("the dry run", () => {
  it("shows each row of the simulation: the masked patient, the step, the language, when in the practice's time, and why", async () => {
    const ehrRig = await openConsoleRigWithEhr();
    rig = ehrRig;
    const { store } = ehrRig.services;
    const stored = await saveRecipeVersion(store, "booked", RecipeSchema.parse({ ...recipe(CLEAN), name: "Booked", trigger: { on: "appointment.booked" } }), { by: "minnow", at: ehrRig.services.clock.now() });
    const expected = await simulateRecipe(ehrRig.services, stored.recipe, { days: 7 });
    expect(expected.length).toBeGreaterThan(0);
    const manager = await ehrRig.signIn("manager");
    const html = await (await manager.get("/automations/booked/dry-run")).text();
    const rows = [...html.matchAll(/<tr data-outcome="([^"]+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(expected.map((r) => r.outcome));
    const first = (rows[0]?.[2] ?? "").replace(/<[^>]+>/g, "|").replace(/&#39;/g, "'");
    const zone = ehrRig.services.config.practice.timeZone;
    expect(first).toContain(formatTimeInZone(expected[0]!.at, zone));
    expect(first).toContain(expected[0]!.who);
    // One section per day of the practice's calendar, headed with that day's counts.
    const days = [...new Set(expected.map((r) => formatDate(r.at, zone)))];
    const headings = [...html.matchAll(/<section class="dry-run-day"><h2>([^<]*)<\/h2>/g)].map((m) => m[1]?.replace(/&#39;/g, "'"));
    expect(headings.map((h) => h?.split(":")[0])).toEqual(days);
    const firstDay = expected.filter((r) => formatDate(r.at, zone) === days[0]);
    expect(headings[0]).toContain(`${firstDay.filter((r) => r.outcome === "would-send").length} would send, ${firstDay.filter((r) => r.outcome === "deferred").length} would wait`);
    // The reasons summary counts each reason a step would wait or skip.
    const held = expected.filter((r) => r.outcome !== "would-send");
    const listed = [...html.matchAll(/<strong>(\d+)×<\/strong>/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(listed).toBe(held.length);
    expect(first).toContain("step 1 (send-1)");
    expect(html).not.toMatch(/\+1\d{10}/);
    expect(await listRecipes(store)).toHaveLength(1);
  });
});
