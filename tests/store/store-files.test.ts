import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { setLogSink, type LogRecord } from "../../src/log.js";
import { openStore, type Store } from "../../src/store/db.js";
import { GENERATED_KEY_FILE, loadKeyring, parseKeyMaterial } from "../../src/store/keyring.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";
import { KEY_A, KEY_B } from "./fixture.js";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("the SQLite store's files", () => {
  let root: string | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    store = undefined;
  });

  it("creates DATA_DIR 0700 and the database, WAL and shared-memory files 0600, whatever the umask", async () => {
    root = mkdtempSync(join(tmpdir(), "minnow-files-"));
    const dataDir = join(root, "nested", "data");
    const previous = process.umask(0o022);
    try {
      store = await openStore({ dataDir });
      await openStoreCrypto(store, parseKeyMaterial(KEY_A));
    } finally {
      process.umask(previous);
    }
    expect(mode(dataDir)).toBe(0o700);
    for (const file of ["minnow.sqlite", "minnow.sqlite-wal", "minnow.sqlite-shm"]) expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
  });

  it("creates DATA_DIR 0700 when the sandbox's generated key is the first thing written there", () => {
    root = mkdtempSync(join(tmpdir(), "minnow-files-"));
    const dataDir = join(root, "data");
    const logs: LogRecord[] = [];
    setLogSink((r) => logs.push(r));
    const previous = process.umask(0o022);
    try {
      loadKeyring({ dataDir, generateIfMissing: true });
    } finally {
      process.umask(previous);
      setLogSink(null);
    }
    expect(logs.map((l) => l.event)).toEqual(["store.data_key_generated"]);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, GENERATED_KEY_FILE))).toBe(0o600);
  });

  it("narrows an existing database file to 0600 and warns once about a DATA_DIR others may enter", async () => {
    root = mkdtempSync(join(tmpdir(), "minnow-files-"));
    const dataDir = join(root, "data");
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const logs: LogRecord[] = [];
    setLogSink((r) => logs.push(r));
    try {
      store = await openStore({ dataDir });
      await store.close();
      chmodSync(join(dataDir, "minnow.sqlite"), 0o644);
      store = await openStore({ dataDir });
    } finally {
      setLogSink(null);
    }
    expect(mode(join(dataDir, "minnow.sqlite"))).toBe(0o600);
    expect(logs.filter((l) => l.event === "store.data_dir_permissive").map((l) => l.fields.fix)).toEqual([`chmod 700 ${dataDir}`]);
  });
});

describe.each(testDialects())("opening a %s database with the wrong MINNOW_DATA_KEY", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("names where the database is and both ways out", async () => {
    store = await openTestStore(dialect);
    await openStoreCrypto(store, parseKeyMaterial(KEY_A));
    const attempt = openStoreCrypto(store, parseKeyMaterial(KEY_B));
    if (dialect === "sqlite") {
      await expect(attempt).rejects.toThrow(`The database in DATA_DIR=${store.dataDir} was made with another MINNOW_DATA_KEY`);
      await expect(openStoreCrypto(store, parseKeyMaterial(KEY_B))).rejects.toThrow(/set MINNOW_DATA_KEY to the key it was made with.*or set DATA_DIR to a new, empty folder/);
    } else {
      const url = new URL(store.databaseUrl ?? "");
      await expect(attempt).rejects.toThrow(`The database in DATABASE_URL=${url.host}${url.pathname} was made with another MINNOW_DATA_KEY`);
      await expect(openStoreCrypto(store, parseKeyMaterial(KEY_B))).rejects.toThrow(/set MINNOW_DATA_KEY to the key it was made with.*or set DATABASE_URL to a new, empty database/);
    }
  });
});
