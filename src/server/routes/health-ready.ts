import { sql } from "kysely";
import { errorKind } from "../../log.js";
import type { EngineHealth } from "../../engine/port.js";
import type { Services } from "../../runtime/services.js";
import type { RouteMount } from "../app.js";

export const READY_PATH = "/health/ready";
const CHECK_TIMEOUT_MS = 3_000;

function withTimeout(check: Promise<EngineHealth>, what: string): Promise<EngineHealth> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<EngineHealth>((resolve) => (timer = setTimeout(() => resolve({ ok: false, detail: `${what} did not answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS)));
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

async function databaseHealth(services: Pick<Services, "store">): Promise<EngineHealth> {
  try {
    await sql`select 1`.execute(services.store.db);
    return { ok: true, detail: `the ${services.store.dialect} store answered` };
  } catch (err) {
    return { ok: false, detail: `the ${services.store.dialect} store did not answer (${errorKind(err)})` };
  }
}

/**
 * GET /health/ready: 200 when the database answers and the engine can run work, 503 otherwise,
 * with each check's result; for a load balancer's readiness probe. GET /health stays liveness:
 * it says only that the process serves HTTP.
 */
export const mountReadiness: RouteMount = (app, services) => {
  app.get(READY_PATH, async (c) => {
    const [database, engine] = await Promise.all([
      withTimeout(databaseHealth(services), "the store"),
      withTimeout(services.engine.health?.() ?? Promise.resolve({ ok: true, detail: "this engine reports no health" }), "the engine"),
    ]);
    const ok = database.ok && engine.ok;
    return c.json({ ok, checks: { database, engine } }, ok ? 200 : 503);
  });
};
