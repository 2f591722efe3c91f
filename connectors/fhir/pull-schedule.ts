import { log } from "../../src/log.js";
import { FhirRequestError } from "./fhir-error.js";
import type { FhirClient } from "./client.js";
import type { ChosenStrategy } from "./choose-strategy.js";
import { pullAppointments, type AppointmentPage, type AppointmentWindow } from "./pull-appointments.js";
import { searchScopes, type SearchScope } from "./search-scopes.js";
import { SearchStrategyError } from "./search-strategy-error.js";
import { STRATEGY_FIX } from "./server-profile.js";

/**
 * The schedule in a window under a search strategy: each scope's search in turn, paged, with the
 * `_include` fallback, and every appointment yielded once even when two scopes both return it
 * (a patient seen by two practitioners, an appointment at two locations). A search the server
 * refuses (400 or 422) stops the pull with an error naming the strategy to configure.
 */
export type ScheduleWindow = Omit<AppointmentWindow, "scope" | "extraParams">;

function refused(err: unknown, chosen: ChosenStrategy, scope: SearchScope): unknown {
  if (!(err instanceof FhirRequestError) || (err.status !== 400 && err.status !== 422)) return err;
  const fix = chosen.search.by === "practice" ? STRATEGY_FIX : `check the ids under fhir.search, or choose another strategy: ${STRATEGY_FIX}`;
  return new SearchStrategyError(`The EHR refused the ${scope.label} Appointment search (strategy by: ${chosen.search.by}, from ${chosen.from}): ${err.message}`, fix, { cause: err });
}

/** Each scope's pages from `pull`, in turn; a refused search becomes the error that names the fix. */
async function* runScopes<T>(client: FhirClient, chosen: ChosenStrategy, pull: (scope: SearchScope) => AsyncGenerator<T>): AsyncGenerator<T> {
  for (const scope of await searchScopes(client, chosen.search)) {
    try {
      yield* pull(scope);
    } catch (err) {
      throw refused(err, chosen, scope);
    }
  }
}

/**
 * The strategy's scopes, each searched by `pull`, falling back to the configured locations when
 * the server refuses a practice-wide search. The sync and the console's day view share it.
 */
export async function* eachScopeOf<T>(client: FhirClient, chosen: ChosenStrategy, pull: (scope: SearchScope, chosen: ChosenStrategy) => AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* runScopes(client, chosen, (scope) => pull(scope, chosen));
  } catch (err) {
    // A practice-wide search the server refused: the configured locations, when they all have FHIR ids.
    if (!(err instanceof SearchStrategyError) || !chosen.fallback) throw err;
    log.warn("fhir.search.fallback", { from: chosen.search.by, to: chosen.fallback.by, ids: chosen.fallback.ids.length });
    const fallback: ChosenStrategy = { ...chosen, search: chosen.fallback, from: "locations" };
    yield* runScopes(client, fallback, (scope) => pull(scope, fallback));
  }
}

export async function* pullSchedule(client: FhirClient, chosen: ChosenStrategy, window: ScheduleWindow): AsyncGenerator<AppointmentPage> {
  const seen = new Set<string>();
  for await (const page of eachScopeOf(client, chosen, (scope, strategy) => pullAppointments(client, { ...window, scope: scope.params, extraParams: strategy.profile.extraParams }))) {
    const fresh = page.appointments.filter((a) => !seen.has(a.ref));
    for (const a of fresh) seen.add(a.ref);
    yield { ...page, appointments: fresh };
  }
}
