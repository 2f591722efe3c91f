import { afterEach, describe, expect, it } from "vitest";
import { generateKeyMaterial, keyIdOf, parseKeyMaterial } from "../../src/store/keyring.js";
import { openStore } from "../../src/store/db.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";
import { upsertContact } from "../../src/store/contacts.js";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

let dir: TempDir;
afterEach(() => dir?.cleanup());

describe("minnow keys rotate", { timeout: 60_000 }, () => {
  it("re-encrypts under the first key of MINNOW_DATA_KEY and names it", async () => {
    dir = tempDir();
    const oldKey = generateKeyMaterial();
    const store = await openStore({ dataDir: dir.dir });
    try {
      const crypto = await openStoreCrypto(store, parseKeyMaterial(oldKey));
      await upsertContact(store, crypto, { patientRef: "Patient/p1", phone: "+13125550142" }, new Date());
    } finally {
      await store.close();
    }
    const newKey = generateKeyMaterial();
    const newKid = keyIdOf(Buffer.from(newKey, "base64"));
    const result = await runCli(["keys", "rotate"], { DATA_DIR: dir.dir, MINNOW_DATA_KEY: `${newKey},${oldKey}` });
    expect(result.stdout).toContain(`Re-encrypted under key ${newKid}`);
    expect(result.stdout).toMatch(/Every value is under the active key/);
    expect(result.code).toBe(0);
  });

  it("refuses without a key rather than generate one that would orphan the data", async () => {
    dir = tempDir();
    const result = await runCli(["keys", "rotate"], { DATA_DIR: dir.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/MINNOW_DATA_KEY is not set/);
  });
});
