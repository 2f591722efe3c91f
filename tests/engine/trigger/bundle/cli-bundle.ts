import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import * as esbuild from "esbuild";

/**
 * Bundles a Trigger.dev project the way the Trigger.dev CLI (4.x, packages/cli-v3/src/build) does
 * for a deploy, then "installs" what the CLI would put in the image: every task file under the
 * config's `dirs` plus trigger.config.ts as entry points, ESM with code splitting for node20, the
 * "trigger.dev" condition, the CLI's ESM shim injected, and `build.external` packages left out of
 * the bundle. As in the CLI, an external is installed only when the bundle really imports it; it
 * is copied with its dependencies into an otherwise empty node_modules beside the bundle.
 */

const ROOT = resolve(import.meta.dirname, "../../../..");
const TASK_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export interface CollectedExternal {
  name: string;
  version: string;
  path: string;
}

export interface WorkerBundle {
  /** The bundle's folder: the outputs and node_modules holding only the installed externals. */
  dir: string;
  configFile: string;
  taskFiles: string[];
  indexEntry: string;
  externals: CollectedExternal[];
  dispose(): void;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && TASK_FILE.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function packageDirOf(file: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, "package.json"))) return dir;
  throw new Error(`No package.json above ${file}`);
}

/** Marks each declared external as external when an import resolves to it, and records it (the CLI's externals collector). */
function externalsCollector(declared: string[], collected: CollectedExternal[]): esbuild.Plugin {
  return {
    name: "externals",
    setup(build) {
      for (const name of declared) {
        const filter = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/.*)?$`);
        build.onResolve({ filter, namespace: "file" }, (args) => {
          const packageDir = packageDirOf(createRequire(join(args.resolveDir, "noop.js")).resolve(args.path));
          const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name: string; version: string };
          if (!collected.some((c) => c.name === manifest.name)) collected.push({ name: manifest.name, version: manifest.version, path: packageDir });
          return { external: true };
        });
      }
    },
  };
}

/** A package's folder as Node finds it from `fromDir` (nested node_modules first, then up the tree). */
function findPackage(name: string, fromDir: string): string {
  for (let dir = fromDir; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
  }
  throw new Error(`${name} is not installed (needed from ${fromDir})`);
}

/** Copies packages and their dependencies (and required peers, as npm installs them) into `nodeModules`. */
function install(packageDirs: string[], nodeModules: string): void {
  const seen = new Set<string>();
  const queue = [...packageDirs];
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }> };
    if (seen.has(manifest.name)) continue;
    seen.add(manifest.name);
    cpSync(dir, join(nodeModules, manifest.name), { recursive: true, dereference: true });
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((p) => !manifest.peerDependenciesMeta?.[p]?.optional);
    for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...peers]) queue.push(findPackage(dep, dir));
  }
}

export async function bundleLikeTriggerCli(config: { dirs?: string[]; build?: { external?: string[] } }, indexEntry: string): Promise<WorkerBundle> {
  const dir = mkdtempSync(join(tmpdir(), "minnow-trigger-bundle-"));
  const taskEntries = (config.dirs ?? ["trigger"]).flatMap(filesUnder);
  const collected: CollectedExternal[] = [];
  try {
    const result = await esbuild.build({
      entryPoints: [...taskEntries, "trigger.config.ts", indexEntry],
      outdir: dir,
      absWorkingDir: ROOT,
      bundle: true,
      metafile: true,
      splitting: true,
      charset: "utf8",
      platform: "node",
      conditions: ["trigger.dev", "module", "node"],
      format: "esm",
      target: ["node20", "es2022"],
      loader: { ".js": "jsx", ".mjs": "jsx", ".cjs": "jsx", ".wasm": "copy" },
      outExtension: { ".js": ".mjs" },
      inject: [join(import.meta.dirname, "esm-shim.ts")],
      plugins: [externalsCollector(config.build?.external ?? [], collected)],
      logLevel: "silent",
    });
    const outputOf = (entry: string): string => {
      const found = Object.entries(result.metafile.outputs).find(([, meta]) => meta.entryPoint === entry);
      if (!found) throw new Error(`esbuild produced no output for ${entry}`);
      return resolve(ROOT, found[0]);
    };
    install(collected.map((c) => c.path), join(dir, "node_modules"));
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    return {
      dir,
      configFile: outputOf("trigger.config.ts"),
      taskFiles: taskEntries.map(outputOf),
      indexEntry: outputOf(indexEntry),
      externals: collected,
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
