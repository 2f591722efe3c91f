/**
 * What Trigger.dev's index worker does with a deployed bundle, reduced to what the bundle test
 * checks: install a resource catalog, import the config and each task file in its file context,
 * and list the tasks. It then resolves one phone number's region: the load that failed when the
 * phone-region data did not travel with the bundle. Run with node, from the bundle's folder.
 */
import { resourceCatalog } from "@trigger.dev/core/v3";
import { StandardResourceCatalog } from "@trigger.dev/core/v3/workers";
import { lookupPhoneRegion } from "../../../../src/policy/phone-region.js";

const [configFile, ...taskFiles] = process.argv.slice(2);
if (!configFile) throw new Error("usage: index-entry <config.mjs> <task file.mjs>...");
resourceCatalog.setGlobalResourceCatalog(new StandardResourceCatalog());
const config = ((await import(configFile)) as { default: { project: string } }).default;
for (const file of taskFiles) {
  resourceCatalog.setCurrentFileContext(file, file);
  await import(file);
  resourceCatalog.clearCurrentFileContext();
}
const tasks = resourceCatalog.listTaskManifests().map((t) => ({ id: t.id, triggerSource: t.triggerSource, queue: t.queue?.name, limits: t.concurrency?.limits }));
const limits = resourceCatalog.listConcurrencyLimitManifests().map((l) => ({ name: l.name, total: l.total }));
const region = await lookupPhoneRegion("+13055550123");
process.stdout.write(JSON.stringify({ project: config.project, tasks, limits, region }));
