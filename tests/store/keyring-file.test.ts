import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLogSink, type LogRecord } from "../../src/log.js";
import { GENERATED_KEY_FILE, loadKeyring, parseKeyMaterial } from "../../src/store/keyring.js";
import { KEY_A } from "./fixture.js";

describe("loadKeyring", () => {
  let dir: string;
  let logs: LogRecord[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "minnow-keys-"));
    logs = [];
    setLogSink((r) => logs.push(r));
  });
  afterEach(() => {
    setLogSink(null);
    rmSync(dir, { recursive: true, force: true });
  });

  it("prefers MINNOW_DATA_KEY and writes no file", () => {
    const ring = loadKeyring({ dataKey: KEY_A, dataDir: dir, generateIfMissing: true });
    expect(ring.activeKid).toBe(parseKeyMaterial(KEY_A).activeKid);
    expect(() => statSync(join(dir, GENERATED_KEY_FILE))).toThrow();
  });

  it("in sandbox use generates a 0600 key file once, warns without logging the key, then reuses it", () => {
    const first = loadKeyring({ dataDir: dir, generateIfMissing: true });
    const path = join(dir, GENERATED_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const material = readFileSync(path, "utf8").trim();
    expect(parseKeyMaterial(material).activeKid).toBe(first.activeKid);
    const warning = logs.find((l) => l.event === "store.data_key_generated");
    expect(warning?.level).toBe("warn");
    expect(JSON.stringify(logs)).not.toContain(material);

    const second = loadKeyring({ dataDir: dir, generateIfMissing: true });
    expect(second.activeKid).toBe(first.activeKid);
    expect(logs.filter((l) => l.event === "store.data_key_generated")).toHaveLength(1);
  });

  it("creates DATA_DIR when it does not exist yet", () => {
    const nested = join(dir, "not", "yet");
    loadKeyring({ dataDir: nested, generateIfMissing: true });
    expect(statSync(join(nested, GENERATED_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it("refuses to start without a key outside sandbox use, and says how to make one", () => {
    expect(() => loadKeyring({ dataDir: dir, generateIfMissing: false })).toThrow(/MINNOW_DATA_KEY is not set.*openssl rand -base64 32/);
  });

  it("warns when an existing key file is readable by others", () => {
    writeFileSync(join(dir, GENERATED_KEY_FILE), KEY_A, { mode: 0o644 });
    loadKeyring({ dataDir: dir, generateIfMissing: false });
    expect(logs.some((l) => l.event === "store.data_key_file_permissive")).toBe(true);
  });
});
