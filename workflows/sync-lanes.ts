/**
 * How sync applies a page of records: several at once, so their writes share the store's commits
 * (one at a time, each write was its own SQLite commit, most of a large sync's cost), but one
 * patient's records always in page order, one after another, since they touch the same contact
 * and consent. One bad record never stops the page; it is counted and logged by id.
 */
import { errorKind, log } from "../src/log.js";

/** Records applied at once; modest, as applying one may read from the EHR. */
export const SYNC_PARALLEL = 4;

export async function applyInLanes<T>(
  items: readonly T[],
  opts: { laneOf: (item: T) => string; refOf: (item: T) => string; onError: () => void; parallel?: number },
  act: (item: T) => Promise<void>,
): Promise<void> {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const lane = opts.laneOf(item);
    const queue = lanes.get(lane);
    if (queue) queue.push(item);
    else lanes.set(lane, [item]);
  }
  const waiting = [...lanes.values()];
  const worker = async () => {
    for (let lane = waiting.shift(); lane; lane = waiting.shift()) {
      for (const item of lane) {
        try {
          await act(item);
        } catch (err) {
          opts.onError();
          log.warn("sync.item_failed", { ref: opts.refOf(item), errorKind: errorKind(err) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel ?? SYNC_PARALLEL, waiting.length)) }, worker));
}
