import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { setLogLevel } from "../../src/log.js";
import { createServices } from "../../src/runtime/create-services.js";
import { openStore } from "../../src/store/db.js";
import { listPracticeConfigVersions, savePracticeConfigVersion } from "../../src/store/practice-config-versions.js";
import { listTemplateVersions } from "../../src/store/template-versions.js";
import { TEST_DATA_KEY, tempDir, testEnv, type TempDir } from "./helpers.js";

/**
 * Which source wins between the config file and the console: the file seeds version 1 and wins
 * again whenever it changes; a console edit made since stays in force across restarts.
 */
const noWorkflows = () => ({});
let dir: TempDir;
beforeAll(() => setLogLevel("silent"));
afterAll(() => setLogLevel("info"));
afterEach(() => dir?.cleanup());

async function startAndRead(path: string) {
  const runtime = await createServices({ env: testEnv({ DATA_DIR: dir.dir, MINNOW_DATA_KEY: TEST_DATA_KEY, MINNOW_CONFIG: path }), workflows: noWorkflows, role: "main" });
  try {
    return { caps: runtime.services.config.caps, reminder: runtime.services.config.templates["appointment-reminder"]?.en };
  } finally {
    await runtime.close();
  }
}

async function inStore<T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: dir.dir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe("the config file and the console together", () => {
  it("seeds version 1 (and each template's version 1) from the file, keeps a console edit across a restart, and lets a changed file win again", async () => {
    dir = tempDir();
    const path = dir.writeConfig({ caps: { perWeek: 3 } });
    expect((await startAndRead(path)).caps.perWeek).toBe(3);
    expect((await inStore((s) => listTemplateVersions(s, "appointment-reminder", "en"))).map((v) => [v.version, v.body, v.createdBy])).toEqual([[1, null, "config-file"]]);

    await inStore((s) => savePracticeConfigVersion(s, { raw: { caps: { perWeek: 2 } }, by: "staff:mgr-1", at: new Date() }));
    // Same file, restarted: the console's edit is newer and stays.
    expect((await startAndRead(path)).caps.perWeek).toBe(2);
    expect((await inStore((s) => listPracticeConfigVersions(s))).map((v) => v.createdBy)).toEqual(["staff:mgr-1", "config-file"]);

    // The file changed since: it is stored as the newest version and runs.
    const changed = dir.writeConfig({ caps: { perWeek: 4 } });
    expect((await startAndRead(changed)).caps.perWeek).toBe(4);
    expect((await inStore((s) => listPracticeConfigVersions(s))).map((v) => v.createdBy)).toEqual(["config-file", "staff:mgr-1", "config-file"]);
  });
});
