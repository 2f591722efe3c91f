/** The vitest settings both integration packages run their tests with. */
export const vitestOptions = {
  include: ["test/**/*.test.ts"],
  pool: "forks" as const,
  // Each file runs a whole minnow sandbox; two at once is what a 2-core machine takes.
  maxWorkers: 2,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};
