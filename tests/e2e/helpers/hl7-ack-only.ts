/**
 * A minnow process cut short between ACK and apply: it answers HL7 messages exactly as
 * `npm start` does (validate, commit, AA) and never applies them, so a test can kill -9 it with
 * acknowledged work in the inbox. Prints "READY <port>" when listening.
 */
import { startMllpListener } from "../../../connectors/hl7/mllp-listener.js";
import { loadEnv } from "../../../src/config/env.js";
import { readMainJobConfig } from "../../../src/runtime/create-config.js";
import { answerHl7Message } from "../../../src/runtime/hl7-accept.js";
import { isFullSandbox, runtimeModes } from "../../../src/runtime/sandbox-mode.js";
import { openStore } from "../../../src/store/db.js";
import { loadKeyring } from "../../../src/store/keyring.js";
import { openStoreCrypto } from "../../../src/store/store-crypto.js";

const env = loadEnv();
const modes = runtimeModes(env);
const { config } = readMainJobConfig(env, modes);
const store = await openStore({ dataDir: env.DATA_DIR });
const crypto = await openStoreCrypto(store, loadKeyring({ dataKey: env.MINNOW_DATA_KEY, dataDir: env.DATA_DIR, generateIfMissing: isFullSandbox(modes) }));
const listener = await startMllpListener({ host: "127.0.0.1", port: 0, answer: async (message) => (await answerHl7Message({ config, crypto, store, clock: { now: () => new Date() } }, message)).ack });
process.stdout.write(`READY ${listener.port}\n`);
