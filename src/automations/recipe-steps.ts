import type { Recipe, RecipeStep } from "./recipe.js";

/** Where a step sits: the main line, a reply branch (answering the patient), or the timeout branch. */
export type StepPlace = "main" | "reply-branch" | "timeout";

export interface PlacedStep {
  step: RecipeStep;
  place: StepPlace;
}

/** Every step of a recipe, branches included, in the order a reader meets them. */
export function recipeSteps(recipe: Pick<Recipe, "steps">): PlacedStep[] {
  return recipe.steps.flatMap((step): PlacedStep[] => {
    if (step.kind !== "wait_for_reply") return [{ step, place: "main" }];
    return [
      { step, place: "main" },
      ...step.branches.flatMap((branch) => branch.steps.map((inner): PlacedStep => ({ step: inner, place: "reply-branch" }))),
      ...step.timeout.map((inner): PlacedStep => ({ step: inner, place: "timeout" })),
    ];
  });
}

const KIND_WORDS: Record<RecipeStep["kind"], string> = {
  wait: "wait",
  send: "send a text",
  wait_for_reply: "wait for a reply",
  write_back: "write back to the EHR",
  emit: "emit an event",
  waitlist: "waitlist",
  inbox: "staff inbox item",
  stop: "stop",
};

/** How a finding names a step: `Step "send-1" (send a text)`. */
export function stepLabel(step: Pick<RecipeStep, "id" | "kind">): string {
  return `Step "${step.id}" (${KIND_WORDS[step.kind]})`;
}
