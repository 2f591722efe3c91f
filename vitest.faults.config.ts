import { defineConfig } from "vitest/config";

/** `npm run test:faults`: process kills and dependency failures, slower than the unit suite. */
export default defineConfig({
  test: {
    include: ["tests/faults/**/*.test.ts"],
    pool: "forks",
    // Log lines show only for a test that fails, so a passing run stays quiet.
    silent: "passed-only",
    // One at a time: each file drives child processes or a full engine on a 2-core machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
