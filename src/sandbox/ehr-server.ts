import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { log } from "../log.js";
import { createFhirApp, FHIR_BASE_PATH } from "./fhir-http.js";
import { SandboxRepository } from "./fhir-repository.js";
import { loadFhirSchema } from "./fhir-schema.js";
import type { SandboxExportOptions, SandboxExports } from "./bulk-export.js";
import type { SandboxSearchRules } from "./fhir-search-rules.js";
import { seedPractice, type PracticeSize } from "./seed-practice.js";
import type { SandboxSmartClient } from "./smart-token.js";

/**
 * The embedded sandbox EHR: a FHIR R4 server on 127.0.0.1 holding a synthetic practice, used when
 * no real EHR is configured and by every test that wants a real FHIR server.
 */
export interface SandboxEhrOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** The practice's "now": appointments fill the 14 days after it, and the clock runs on from it. */
  now?: Date;
  size?: PracticeSize;
  /** "scoped" refuses practice-wide Appointment searches as Oracle Health does (see fhir-search-rules.ts). */
  searchRules?: SandboxSearchRules;
  /** Require SMART Backend Services tokens from this client (see smart-token.ts). */
  smart?: SandboxSmartClient;
  /** How the Bulk Data `$export` behaves (see bulk-export.ts). */
  exports?: SandboxExportOptions;
}

export interface SandboxEhrStats {
  patients: number;
  appointments: number;
  waitlist: number;
  invoices: number;
}

export interface SandboxEhr {
  /** e.g. http://127.0.0.1:54321/fhir/R4 */
  baseUrl: string;
  close(): Promise<void>;
  repo: SandboxRepository;
  stats: SandboxEhrStats;
  exports: SandboxExports;
}

function listen(app: ReturnType<typeof createFhirApp>["app"], port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      server.off("error", reject);
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            if ("closeAllConnections" in server) server.closeAllConnections();
            server.close((err) => (err ? fail(new Error("Closing the sandbox EHR server failed", { cause: err })) : done()));
          }),
      });
    });
    server.once("error", (cause) => reject(new Error(`The sandbox EHR could not listen on ${host}:${port}: pick another --port`, { cause })));
  });
}

export async function startSandboxEhr(opts: SandboxEhrOptions = {}): Promise<SandboxEhr> {
  loadFhirSchema();
  const host = opts.host ?? "127.0.0.1";
  const startedAt = Date.now();
  const now = opts.now ?? new Date(startedAt);
  // Sandbox time starts at `now` and runs at wall-clock speed, so writes get plausible lastUpdated.
  const clock = (): Date => new Date(now.getTime() + (Date.now() - startedAt));
  const repo = new SandboxRepository({ clock });
  const seeded = await seedPractice(repo, { seed: opts.seed, now, size: opts.size });
  const { app, exports } = createFhirApp(repo, clock, { ...(opts.searchRules ? { rules: opts.searchRules } : {}), ...(opts.smart ? { smart: opts.smart } : {}), ...(opts.exports ? { exports: opts.exports } : {}) });
  const server = await listen(app, opts.port ?? 0, host);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const baseUrl = `http://${urlHost}:${server.port}${FHIR_BASE_PATH}`;
  const stats = { patients: seeded.patients, appointments: seeded.appointments, waitlist: seeded.waitlist, invoices: seeded.invoices };
  log.info("sandbox_ehr.started", { port: server.port, ...stats, unpaidInvoices: seeded.unpaidInvoices });
  return { baseUrl, close: server.close, repo, stats, exports };
}

/** `minnow sandbox ehr --port N`: serves the sandbox until SIGINT or SIGTERM. */
export async function runSandboxEhrCommand(args: { port?: number; searchRules?: SandboxSearchRules }): Promise<void> {
  const ehr = await startSandboxEhr({ port: args.port ?? 0, ...(args.searchRules ? { searchRules: args.searchRules } : {}) });
  const { patients, appointments, waitlist, invoices } = ehr.stats;
  process.stdout.write(
    `Sandbox EHR (FHIR R4, synthetic data) at ${ehr.baseUrl}\n` +
      `  ${patients} patients, ${appointments} appointments in the next 14 days, ${waitlist} waitlist entries, ${invoices} invoices\n` +
      `  Try: curl '${ehr.baseUrl}/Appointment?_count=5&_include=Appointment:patient'\n` +
      `Press Ctrl+C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await ehr.close();
  log.info("sandbox_ehr.stopped", {});
}
