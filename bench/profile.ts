/**
 * `BENCH_PROFILE=<file.cpuprofile>` records a CPU profile of just the measured phase of a
 * bench (open it in Chrome DevTools), leaving out setup such as seeding the sandbox EHR.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

/** Starts profiling when BENCH_PROFILE is set; the returned function writes the profile. */
export async function startProfile(label: string): Promise<() => Promise<void>> {
  const target = process.env.BENCH_PROFILE;
  if (!target) return async () => {};
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(target, JSON.stringify(profile));
    console.error(`bench ${label}: CPU profile written to ${target}`);
    session.disconnect();
  };
}

export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const stop = await startProfile(label);
  try {
    return await work();
  } finally {
    await stop();
  }
}
