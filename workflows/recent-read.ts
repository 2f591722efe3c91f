/**
 * A run's latest read of its record, shared by the steps that follow one another without a pause.
 * A reminder whose earlier touch is already past reads the appointment to skip that touch, then
 * at once again to send the next one, and once more to learn how long to wait for the answer:
 * three reads of the same record within milliseconds. The record is re-read after every sleep
 * or wait (the caller forgets), so a run that slept still acts on what is true now. A read that
 * failed is not kept. The value lives only in this execution's memory: a replay reads afresh.
 */
export interface RecentRead<T> {
  read(): Promise<T>;
  /** Call before the run sleeps or waits: the next read goes to the source. */
  forget(): void;
}

export function recentRead<T>(read: () => Promise<T>): RecentRead<T> {
  let last: Promise<T> | undefined;
  return {
    read() {
      if (last) return last;
      const reading = read();
      last = reading;
      reading.catch(() => {
        if (last === reading) last = undefined;
      });
      return reading;
    },
    forget() {
      last = undefined;
    },
  };
}
