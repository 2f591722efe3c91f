/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { checkRecipe, type RecipeFinding } from "../../automations/check-recipe.js";
import { activateRecipe, deactivateRecipe, saveRecipe } from "../../automations/recipe-service.js";
import { simulateRecipe } from "../../automations/simulate.js";
import { locationEntryId } from "../../config/locations-schema.js";
import type { Services } from "../../runtime/services.js";
import { getRecipe, listRecipes, RECIPE_ID_PATTERN } from "../../store/automation-recipes.js";
import { recipeRunCounts, recipeRunHistory } from "../../store/automation-runs.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { applyEdit, focusAfter, newStep } from "../data/recipe-edits.js";
import { emptyDraft, readDraft, recipeToDraft, type RecipeDraft } from "../data/recipe-draft.js";
import { draftToRecipe } from "../data/recipe-form.js";
import { stepPlaces } from "../data/recipe-words.js";
import { readForm, text, type FieldErrors } from "../forms.js";
import { renderFragment, renderPage, requireAccess, viewerOf } from "../page.js";
import { AutomationDetailPage } from "../pages/automation-detail-page.js";
import { AutomationDryRunPage } from "../pages/automation-dry-run-page.js";
import { AutomationEditorPage } from "../pages/automation-editor-page.js";
import { AutomationsListPage } from "../pages/automations-list-page.js";
import { RecipeChecksFragment, type RecipeChecks } from "../pages/recipe-checks-fragment.js";
import { NotFoundPage } from "../pages/status-pages.js";
import { displayZone, formatDate, formatTimeInZone, formatWhen } from "../time.js";

/**
 * The automations page (managers and administrators): the list with each automation's switch and
 * counts, the form editor with live checks, the dry run and each automation's runs. Saving,
 * turning on and off go through the recipe service, which checks and audits them.
 */
const DRY_RUN_DAYS = 7;
/** Paths under /automations that are pages, not automations. */
const RESERVED = new Set(["new", "check"]);

/** A short id from the name: "No-show follow-up" → "no-show-follow-up", made unique. */
async function freshId(services: Services, name: string): Promise<string> {
  let stem = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50);
  if (!/^[a-z]/.test(stem)) stem = `automation${stem ? `-${stem}` : ""}`;
  for (let n = 1; ; n++) {
    const id = n === 1 && !RESERVED.has(stem) ? stem : `${stem}-${n}`;
    if (!(await getRecipe(services.store, id))) return id;
  }
}

/** The confirmation a redirect asked for (`?saved=2&fix=1`, `?turned=on`), in words. */
function noticeFor(query: Record<string, string>): string | undefined {
  if (query.turned === "on") return "Turned on: it starts for events from now on.";
  if (query.turned === "off") return "Turned off: no new runs start; runs already started finish on their version.";
  if (!query.saved || !/^\d+$/.test(query.saved)) return undefined;
  const fix = Number(query.fix ?? 0);
  const version = Number(query.saved);
  const off = query.off === "1" ? " It was on, so it was turned off until that is fixed; runs already started finish on the version they started with." : "";
  return `Saved as version ${version}.${fix > 0 ? ` ${fix} problem${fix === 1 ? "" : "s"} must be fixed before it can be turned on.` : ""}${off}`;
}

export function mountAutomationRoutes(app: ConsoleApp, services: Services): void {
  const guard = requireAccess(services, "automations");
  const zone = displayZone(services.config);
  const when = (at: Date) => formatWhen(at, zone, services.clock.now());
  const locations = services.config.locations.map((l) => ({ value: locationEntryId(l), label: l.name }));
  const locationName = (id: string) => locations.find((l) => l.value === id)?.label ?? id;
  const by = (c: Context<ConsoleEnv>) => `staff:${viewerOf(c).id}`;
  const notFound = (c: Context<ConsoleEnv>) => renderPage(c, services, (page) => <NotFoundPage page={page} what="That automation" back={{ href: "/automations", label: "All automations" }} />, 404);

  /** The checks for a draft: the form's own problems, else the recipe check's findings. */
  const checksFor = async (draft: RecipeDraft): Promise<RecipeChecks> => {
    const result = draftToRecipe(draft);
    if (!result.ok) return { errors: result.errors, findings: [], places: new Map() };
    return { errors: {}, findings: await checkRecipe(services, result.recipe), places: stepPlaces(result.recipe) };
  };

  const editor = async (c: Context<ConsoleEnv>, id: string | undefined, draft: RecipeDraft, opts: { errors?: FieldErrors; status?: 200 | 422; focus?: string | undefined } = {}) => {
    const stored = id ? await getRecipe(services.store, id) : null;
    const checks = await checksFor(draft);
    return renderPage(
      c,
      services,
      (page) => <AutomationEditorPage page={page} id={id} draft={draft} errors={opts.errors ?? {}} checks={<RecipeChecksFragment checks={checks} />} locations={locations} zone={zone} version={stored?.version} active={stored?.active ?? false} focus={opts.focus} />,
      opts.status ?? 200,
    );
  };

  const detail = async (c: Context<ConsoleEnv>, id: string, opts: { refused?: RecipeFinding[]; notice?: string } = {}) => {
    const stored = await getRecipe(services.store, id);
    if (!stored) return notFound(c);
    const [counts, runs] = await Promise.all([recipeRunCounts(services.store, id), recipeRunHistory(services.store, id)]);
    return renderPage(c, services, (page) => <AutomationDetailPage page={page} stored={stored} counts={counts} runs={runs} locationName={locationName} when={when} refused={opts.refused} notice={opts.notice} />, opts.refused ? 422 : 200);
  };

  /** A posted editor: a structural edit shows the form again; a save stores a new version. */
  const submit = async (c: Context<ConsoleEnv>, id: string | undefined) => {
    const values = await readForm(c);
    const draft = readDraft(values);
    const op = text(values, "op") || "save";
    if (op !== "save") {
      const edited = applyEdit(draft, op, text(values, `newkind.${op.slice(op.indexOf(":") + 1)}`));
      return editor(c, id, edited, { focus: focusAfter(edited, op) });
    }
    const result = draftToRecipe(draft);
    if (!result.ok) return editor(c, id, draft, { errors: result.errors, status: 422 });
    const target = id ?? (await freshId(services, result.recipe.name));
    const wasOn = id ? ((await getRecipe(services.store, id))?.active ?? false) : false;
    const { stored, findings } = await saveRecipe(services, target, result.recipe, by(c));
    const mustFix = findings.filter((f) => f.severity === "error").length;
    // The service turns off an automation saved with a problem, so no new run starts from it.
    return c.redirect(`/automations/${target}?saved=${stored.version}&fix=${mustFix}${wasOn && !stored.active ? "&off=1" : ""}`, 303);
  };

  app.get("/automations", guard, async (c) => {
    const stored = await listRecipes(services.store);
    const rows = await Promise.all(stored.map(async (s) => ({ stored: s, counts: await recipeRunCounts(services.store, s.id) })));
    return renderPage(c, services, (page) => <AutomationsListPage page={page} rows={rows} />);
  });

  app.get("/automations/new", guard, (c) => {
    const draft = emptyDraft();
    return editor(c, undefined, { ...draft, steps: [newStep(draft, "send")] });
  });
  app.post("/automations/new", guard, (c) => submit(c, undefined));

  app.post("/automations/check", guard, async (c) => renderFragment(c, <RecipeChecksFragment checks={await checksFor(readDraft(await readForm(c)))} />));

  const known = async (c: Context<ConsoleEnv>) => {
    const id = c.req.param("id") ?? "";
    return RECIPE_ID_PATTERN.test(id) ? getRecipe(services.store, id) : null;
  };

  app.get("/automations/:id", guard, async (c) => {
    const stored = await known(c);
    return stored ? detail(c, stored.id, { notice: noticeFor(c.req.query()) }) : notFound(c);
  });

  app.get("/automations/:id/edit", guard, async (c) => {
    const stored = await known(c);
    return stored ? editor(c, stored.id, recipeToDraft(stored.recipe)) : notFound(c);
  });
  app.post("/automations/:id/edit", guard, async (c) => {
    const stored = await known(c);
    return stored ? submit(c, stored.id) : notFound(c);
  });

  app.post("/automations/:id/on", guard, async (c) => {
    const stored = await known(c);
    if (!stored) return notFound(c);
    const result = await activateRecipe(services, stored.id, by(c));
    if (!result.ok) return detail(c, stored.id, { refused: result.findings });
    return c.redirect(`/automations/${stored.id}?turned=on`, 303);
  });

  app.post("/automations/:id/off", guard, async (c) => {
    const stored = await known(c);
    if (!stored) return notFound(c);
    await deactivateRecipe(services, stored.id, by(c));
    return c.redirect(`/automations/${stored.id}?turned=off`, 303);
  });

  app.get("/automations/:id/dry-run", guard, async (c) => {
    const stored = await known(c);
    if (!stored) return notFound(c);
    const rows = await simulateRecipe(services, stored.recipe, { days: DRY_RUN_DAYS });
    return renderPage(c, services, (page) => <AutomationDryRunPage page={page} stored={stored} rows={rows} days={DRY_RUN_DAYS} day={(at) => formatDate(at, zone)} time={(at) => formatTimeInZone(at, zone)} zone={zone} />);
  });
}
