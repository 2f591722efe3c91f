import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/faults/**", "node_modules/**"],
    pool: "forks",
    // Log lines show only for a test that fails, so a passing run stays quiet.
    silent: "passed-only",
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
