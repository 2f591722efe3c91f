import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { ConsoleApp } from "../context.js";

/**
 * The console's stylesheet and script, served by minnow from the package: Pico CSS (a classless
 * stylesheet for semantic HTML) from node_modules, and the console's own small CSS and script.
 * Nothing loads from a CDN, so a page with PHI works offline and tells no third party it was opened.
 */
const require = createRequire(import.meta.url);

const ASSETS: Record<string, { path: () => string; type: string }> = {
  "pico.min.css": { path: () => require.resolve("@picocss/pico/css/pico.min.css"), type: "text/css; charset=utf-8" },
  "console.css": { path: () => fileURLToPath(new URL("../assets/console.css", import.meta.url)), type: "text/css; charset=utf-8" },
  "console.js": { path: () => fileURLToPath(new URL("../assets/console.js", import.meta.url)), type: "text/javascript; charset=utf-8" },
  // uPlot (pinned in package.json) draws the Insights charts; insights.js feeds it each chart's numbers.
  "uplot.min.js": { path: () => require.resolve("uplot/dist/uPlot.iife.min.js"), type: "text/javascript; charset=utf-8" },
  "uplot.min.css": { path: () => require.resolve("uplot/dist/uPlot.min.css"), type: "text/css; charset=utf-8" },
  "insights.js": { path: () => fileURLToPath(new URL("../assets/insights.js", import.meta.url)), type: "text/javascript; charset=utf-8" },
};

const cache = new Map<string, string>();

function load(name: string): string | undefined {
  const asset = ASSETS[name];
  if (!asset) return undefined;
  let body = cache.get(name);
  if (body === undefined) {
    body = readFileSync(asset.path(), "utf8");
    cache.set(name, body);
  }
  return body;
}

export function mountAssetRoutes(app: ConsoleApp): void {
  app.get("/console/assets/:name", (c) => {
    const name = c.req.param("name");
    const body = load(name);
    if (body === undefined) return c.text("No such asset", 404);
    return c.body(body, 200, { "content-type": ASSETS[name]?.type ?? "text/plain" });
  });
}
