/**
 * Work that must run under one lock, batched: items that arrive while a batch waits for the lock,
 * or while it runs, go in together the next time the lock is taken, so the lock's fixed cost is
 * paid once per batch rather than once per item. The audit log uses it for its appends.
 *
 * `run` takes the lock, then calls `take()` for the items waiting at that moment, and resolves
 * with one result per item, in order, once they are durable. Each caller's promise settles with
 * its own result. If a batch fails, its items are run again one at a time, so one bad item fails
 * alone and the others still land. One batch runs at a time per queue.
 */
interface Waiter<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

export type LockedBatch<T, R> = (take: () => T[]) => Promise<R[]>;

export class LockBatchQueue<T, R> {
  #waiting: Array<Waiter<T, R>> = [];
  #running = false;

  constructor(private readonly run: LockedBatch<T, R>) {}

  push(item: T): Promise<R> {
    const done = new Promise<R>((resolve, reject) => this.#waiting.push({ item, resolve, reject }));
    if (!this.#running) void this.#drain();
    return done;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#waiting.length > 0) await this.#runBatch();
    this.#running = false;
  }

  async #runBatch(): Promise<void> {
    let batch: Array<Waiter<T, R>> | undefined;
    try {
      const results = await this.run(() => {
        batch = this.#waiting.splice(0);
        return batch.map((w) => w.item);
      });
      batch?.forEach((w, i) => w.resolve(results[i] as R));
    } catch (err) {
      // The lock itself may have failed before the batch was taken: those waiting were its batch.
      batch ??= this.#waiting.splice(0);
      if (batch.length === 1) batch[0]?.reject(err);
      else for (const waiter of batch) await this.#runAlone(waiter);
    }
  }

  async #runAlone(waiter: Waiter<T, R>): Promise<void> {
    try {
      const [result] = await this.run(() => [waiter.item]);
      waiter.resolve(result as R);
    } catch (err) {
      waiter.reject(err);
    }
  }
}
