import { describe, expect, it } from "vitest";
import { RecipeSchema, type Recipe } from "../../src/automations/recipe.js";
import { readDraft, recipeToDraft, type RecipeDraft } from "../../src/console/data/recipe-draft.js";
import { applyEdit, focusAfter } from "../../src/console/data/recipe-edits.js";
import { draftToRecipe } from "../../src/console/data/recipe-form.js";
import type { FormValues } from "../../src/console/forms.js";

/** The editor's pure half: a recipe to form fields and back, bad input in words, and the step buttons. */
const NO_SHOW: Recipe = RecipeSchema.parse({
  name: "No-show follow-up",
  description: "Offer a new time the day of a missed visit.",
  trigger: { on: "appointment.no_show" },
  conditions: { locations: ["mesa"], languages: ["en", "es"], patient: "returning", lastVisit: { moreThan: "30d" }, appointmentTypes: ["cleaning", "exam"] },
  steps: [
    { id: "wait-1", kind: "wait", duration: "2h", from: "trigger", direction: "after" },
    { id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: "{{practice.name}}: We missed you today. Reply R to rebook.", es: "{{practice.name}}: Le extrañamos hoy. Responda R." } },
    {
      id: "reply-1",
      kind: "wait_for_reply",
      within: "2d",
      branches: [
        { intent: "reschedule", steps: [{ id: "inbox-1", kind: "inbox", note: "Call to rebook" }] },
        { intent: "decline", steps: [{ id: "stop-1", kind: "stop" }] },
      ],
      timeout: [{ id: "emit-1", kind: "emit", event: "no_show_unanswered", fields: ["appointment.start"] }],
    },
    { id: "write-back-1", kind: "write_back", write: "communication" },
  ],
});

const RECALL: Recipe = RecipeSchema.parse({
  name: "Annual recall",
  trigger: { on: "schedule", cron: "0 9 15 1 *" },
  conditions: { reasonCodes: ["R1"], practitioners: ["Practitioner/12"] },
  steps: [{ id: "waitlist-1", kind: "waitlist", action: "add" }],
});

const REPLY: Recipe = RecipeSchema.parse({ name: "Thanks", trigger: { on: "reply.received", intent: "acknowledgement" }, steps: [{ id: "stop-1", kind: "stop" }] });

/** The fields a browser would post for a draft (what the editor renders). */
function formOf(draft: RecipeDraft): FormValues {
  const values: FormValues = { name: draft.name, description: draft.description };
  for (const [key, value] of Object.entries(draft.trigger)) values[`trigger.${key}`] = value;
  for (const [key, value] of Object.entries(draft.conditions)) values[`conditions.${key}`] = value;
  const steps = (list: RecipeDraft["steps"], prefix: string) =>
    list.forEach((step, i) => {
      const at = `${prefix}.${i}`;
      for (const key of ["id", "kind", "duration", "from", "direction", "purpose", "write", "event", "action", "note", "within"] as const) values[`${at}.${key}`] = step[key];
      values[`${at}.fields`] = step.fields;
      for (const [lang, body] of Object.entries(step.body)) values[`${at}.body.${lang}`] = body;
      step.branches.forEach((b, j) => {
        values[`${at}.branches.${j}.intent`] = b.intent;
        steps(b.steps, `${at}.branches.${j}.steps`);
      });
      steps(step.timeout, `${at}.timeout`);
    });
  steps(draft.steps, "steps");
  return values;
}

const roundTrip = (recipe: Recipe) => draftToRecipe(readDraft(formOf(recipeToDraft(recipe))));

describe("a recipe through the editor's fields", () => {
  it.each([
    ["a no-show follow-up with reply branches, a timeout and every simple step", NO_SHOW],
    ["a recall on a custom schedule with reason codes", RECALL],
    ["a reply trigger", REPLY],
  ])("comes back unchanged: %s", (_name, recipe) => {
    expect(roundTrip(recipe)).toEqual({ ok: true, recipe });
  });

  it("turns the schedule's shapes into cron", () => {
    const draft = recipeToDraft(RECALL);
    expect(draft.trigger.every).toBe("custom");
    const weekly = draftToRecipe({ ...draft, trigger: { ...draft.trigger, every: "week", time: "8:30", weekday: "2" } });
    expect(weekly.ok && weekly.recipe.trigger).toEqual({ on: "schedule", cron: "30 8 * * 2" });
    const monthly = draftToRecipe({ ...draft, trigger: { ...draft.trigger, every: "month", time: "14:05", monthDay: "3" } });
    expect(monthly.ok && monthly.recipe.trigger).toEqual({ on: "schedule", cron: "5 14 3 * *" });
  });

  it("reads steps in index order even when the form skips an index (a step was removed)", () => {
    const values = formOf(recipeToDraft(REPLY));
    delete values["steps.0.kind"];
    Object.assign(values, { "steps.3.kind": "stop", "steps.3.id": "stop-9", "steps.1.kind": "inbox", "steps.1.id": "inbox-2", "steps.1.note": "Look" });
    expect(readDraft(values).steps.map((s) => s.id)).toEqual(["inbox-2", "stop-9"]);
  });
});

describe("bad input, in plain words beside the field", () => {
  const base = () => recipeToDraft(NO_SHOW);

  it("names each broken field by its form name, nested steps included", () => {
    const draft = base();
    draft.name = "  ";
    draft.steps[0]!.duration = "two hours";
    draft.steps[1]!.body = { en: "", es: "Hola" };
    draft.steps[2]!.branches[0]!.steps[0]!.note = "";
    draft.steps[2]!.timeout[0]!.event = "No Show!";
    draft.conditions.lastVisitMoreThan = "a year";
    const result = draftToRecipe(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: "Give the automation a name (up to 80 characters)",
      "steps.0.duration": "Write how long as a number and a unit, like 90m, 24h or 3d",
      "steps.1.body.en": "A send step needs an English (en) body",
      "steps.2.branches.0.steps.0.note": "Write the note for staff (up to 200 characters)",
      "steps.2.timeout.0.event": "An event name is lower-case letters, digits and underscores",
      "conditions.lastVisitMoreThan": "Write how long as a number and a unit, like 90m, 24h or 3d",
    });
  });

  it("names the second of two steps with the same short name", () => {
    const draft = base();
    draft.steps[2]!.timeout[0]!.id = "send-1";
    const result = draftToRecipe(draft);
    expect(result).toEqual({ ok: false, errors: { "steps.2.timeout.0.id": 'Another step is already called "send-1"; give each step its own short name' } });
  });

  it("refuses a recipe without steps, a send without a purpose and a badly shaped short name", () => {
    expect(draftToRecipe({ ...base(), steps: [] })).toEqual({ ok: false, errors: { steps: "Add at least one step" } });
    const draft = base();
    draft.steps[1]!.purpose = "";
    draft.steps[0]!.id = "Wait 1";
    const result = draftToRecipe(draft);
    expect(result.ok ? {} : result.errors).toEqual({ "steps.1.purpose": "Choose what the text is for", "steps.0.id": "A step id is lower-case letters, digits and dashes, like send-1" });
  });

  it("refuses a schedule without a time, a day of the month past 28 and a cron line of the wrong shape", () => {
    const draft = recipeToDraft(RECALL);
    const at = (trigger: Partial<RecipeDraft["trigger"]>) => draftToRecipe({ ...draft, trigger: { ...draft.trigger, ...trigger } });
    expect(at({ every: "day", time: "25:00" })).toEqual({ ok: false, errors: { "trigger.time": "Enter a time of day, like 10:00 or 14:30" } });
    expect(at({ every: "month", time: "09:00", monthDay: "31" })).toEqual({ ok: false, errors: { "trigger.monthDay": "Enter a day of the month from 1 to 28 (every month has those)" } });
    const cron = at({ every: "custom", cron: "every monday" });
    expect(cron.ok ? "" : cron.errors["trigger.cron"]).toMatch(/^Write five parts/);
  });

  it("leaves the draft as typed when it fails", () => {
    const draft = base();
    draft.steps[0]!.duration = "soon";
    const before = structuredClone(draft);
    draftToRecipe(draft);
    expect(draft).toEqual(before);
  });
});

describe("the editor's step buttons", () => {
  const draft = () => recipeToDraft(NO_SHOW);
  const ids = (d: RecipeDraft) => d.steps.map((s) => s.id);

  it("adds a step of the chosen kind with the next free short name", () => {
    const added = applyEdit(draft(), "add:steps", "send");
    expect(ids(added)).toEqual(["wait-1", "send-1", "reply-1", "write-back-1", "send-2"]);
    expect(added.steps[4]).toMatchObject({ kind: "send", body: { en: "" } });
  });

  it("adds simple steps inside a reply branch and the no-reply branch, but never a second wait for a reply", () => {
    let d = applyEdit(draft(), "add:steps.2.branches.1.steps", "inbox");
    d = applyEdit(d, "add:steps.2.timeout", "wait");
    d = applyEdit(d, "add:steps.2.timeout", "wait_for_reply");
    expect(d.steps[2]!.branches[1]!.steps.map((s) => s.id)).toEqual(["stop-1", "inbox-2"]);
    expect(d.steps[2]!.timeout.map((s) => s.kind)).toEqual(["emit", "wait"]);
  });

  it("adds a reply branch for a meaning not yet handled", () => {
    const d = applyEdit(draft(), "add-branch:steps.2", "");
    expect(d.steps[2]!.branches.map((b) => b.intent)).toEqual(["reschedule", "decline", "confirm"]);
  });

  it("moves and removes steps and branches, keeping everything typed", () => {
    const typed = draft();
    typed.steps[0]!.duration = "not yet valid";
    const moved = applyEdit(typed, "down:steps.0", "");
    expect(ids(moved)).toEqual(["send-1", "wait-1", "reply-1", "write-back-1"]);
    expect(moved.steps[1]!.duration).toBe("not yet valid");
    expect(ids(applyEdit(typed, "up:steps.3", ""))).toEqual(["wait-1", "send-1", "write-back-1", "reply-1"]);
    expect(ids(applyEdit(typed, "remove:steps.1", ""))).toEqual(["wait-1", "reply-1", "write-back-1"]);
    expect(applyEdit(typed, "remove:steps.2.branches.0", "").steps[2]!.branches.map((b) => b.intent)).toEqual(["decline"]);
  });

  it("brings the step just added or moved into view", () => {
    const d = draft();
    expect(focusAfter(applyEdit(d, "add:steps.2.timeout", "inbox"), "add:steps.2.timeout")).toBe("steps.2.timeout.1");
    expect(focusAfter(applyEdit(d, "up:steps.2", ""), "up:steps.2")).toBe("steps.1");
    expect(focusAfter(applyEdit(d, "down:steps.0", ""), "down:steps.0")).toBe("steps.1");
    expect(focusAfter(applyEdit(d, "remove:steps.0", ""), "remove:steps.0")).toBeUndefined();
  });

  it("changes nothing for a button that names nothing in the draft", () => {
    const d = draft();
    for (const op of ["up:steps.0", "down:steps.3", "remove:steps.9", "remove:name", "add:conditions", "add:steps", "add-branch:steps.0", "explode:steps.0", "up:steps.x"]) {
      expect(applyEdit(d, op, "teleport"), op).toEqual(d);
    }
  });
});
