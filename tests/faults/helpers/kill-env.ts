import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { generateKeyMaterial } from "../../../src/store/keyring.js";
import { SIGNED_TWILIO_BAA } from "../../helpers/test-services.js";

/** The Twilio account the fault tests' fake Twilio and the child agree on (fictional). */
export const FAULT_TWILIO = {
  accountSid: `AC${"fa".repeat(16)}`,
  authToken: "fault-test-auth-token",
  messagingServiceSid: `MG${"fa".repeat(16)}`,
};

export interface FaultDataDir {
  dir: string;
  env(vars: { fhirBaseUrl: string; twilioBaseUrl: string; config: unknown }): Record<string, string>;
  cleanup(): void;
}

/** A DATA_DIR, a data key and the env `minnow start` needs to use a real EHR and "real" Twilio. */
export function faultDataDir(prefix: string): FaultDataDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataKey = generateKeyMaterial();
  return {
    dir,
    env({ fhirBaseUrl, twilioBaseUrl, config }) {
      const configPath = join(dir, "practice.yaml");
      // A practice on "real" Twilio has its BAA on file; without one every text is held (runtime/boundary-gate.ts).
      const practice = (config ?? {}) as { baa?: Record<string, unknown> };
      writeFileSync(configPath, stringify({ ...practice, baa: { ...SIGNED_TWILIO_BAA, ...practice.baa } }));
      return {
        DATA_DIR: dir,
        PORT: "0",
        PUBLIC_URL: "http://127.0.0.1:9",
        MINNOW_CONFIG: configPath,
        MINNOW_DATA_KEY: dataKey,
        FHIR_BASE_URL: fhirBaseUrl,
        TWILIO_ACCOUNT_SID: FAULT_TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: FAULT_TWILIO.authToken,
        TWILIO_MESSAGING_SERVICE_SID: FAULT_TWILIO.messagingServiceSid,
        TWILIO_API_BASE_URL: twilioBaseUrl,
        LOG_LEVEL: "info",
      };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A seeded PRNG (mulberry32), so a failing schedule of faults can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
