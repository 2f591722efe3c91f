import { defineConfig } from "vitest/config";
import { vitestOptions } from "../test-kit/vitest-options.js";

export default defineConfig({ test: vitestOptions });
