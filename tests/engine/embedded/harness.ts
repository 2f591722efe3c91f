import { afterEach } from "vitest";
import { createEmbeddedEngine } from "../../../src/engine/embedded/index.js";
import type { EmbeddedEngine, EmbeddedEngineOptions } from "../../../src/engine/embedded/index.js";
import { setLogLevel, setLogSink, type LogRecord } from "../../../src/log.js";
import type { DialectName } from "../../../src/store/db.js";
import { openTestStore, type TestStore } from "../../helpers/test-store.js";

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms = Date.parse("2030-01-15T12:00:00Z")) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness {
  store: TestStore;
  clock: TestClock;
  logs: LogRecord[];
  engine(opts: Omit<EmbeddedEngineOptions, "store">): EmbeddedEngine;
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  setLogSink(null);
  setLogLevel("info");
});

/** A fresh store on `dialect`, a test clock, captured logs; engines made here are stopped after the test. */
export async function harness(dialect: DialectName): Promise<Harness> {
  const store = await openTestStore(dialect);
  cleanups.push(() => store.dispose());
  const clock = new TestClock();
  const logs: LogRecord[] = [];
  setLogLevel("debug");
  setLogSink((r) => logs.push(r));
  return {
    store,
    clock,
    logs,
    engine(opts) {
      const engine = createEmbeddedEngine({ clock, ...opts, store });
      cleanups.push(() => engine.stop());
      return engine;
    },
  };
}

/** A promise the test resolves by hand. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
