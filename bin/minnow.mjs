#!/usr/bin/env node
// The `minnow` command (also `npx minnow`): runs the TypeScript CLI through tsx.
import { tsImport } from "tsx/esm/api";

await tsImport("../src/cli/main.ts", import.meta.url);
