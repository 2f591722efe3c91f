// What the Trigger.dev CLI injects into every bundle (its shims/esm.ts): CommonJS globals for ESM output.
import { createRequire } from "node:module";
import path from "node:path";
import url from "node:url";

const shimmed = globalThis as unknown as { require: NodeJS.Require; __filename: string; __dirname: string };
shimmed.require = createRequire(import.meta.url);
shimmed.__filename = url.fileURLToPath(import.meta.url);
shimmed.__dirname = path.dirname(shimmed.__filename);
