import type { Hono } from "hono";
import { createApp } from "../../../src/server/app.js";
import { mountConsole } from "../../../src/console/index.js";
import { hashPassword } from "../../../src/console/security/passwords.js";
import type { StaffRole } from "../../../src/store/console-tables.js";
import { createStaff, setStaffPassword, type StaffAccount } from "../../../src/store/staff-accounts.js";
import type { Services } from "../../../src/runtime/services.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import { createFhirClient, type FhirClient } from "../../../connectors/fhir/client.js";
import { startSandboxEhr, type SandboxEhr } from "../../../src/sandbox/ehr-server.js";
import type { SandboxSearchRules } from "../../../src/sandbox/fhir-search-rules.js";
import { openTestServices, type TestServices } from "../../helpers/test-services.js";

/**
 * The console on a fresh app (no port), and a client that behaves like a browser for what the
 * server sees: it keeps cookies, sends the page's CSRF token with a form, and says where a form
 * came from. Later console pages test with the same rig.
 */
export const PASSWORD = "a long enough test passphrase";

export interface ConsoleClient {
  cookies: Map<string, string>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** Posts a form with the CSRF token of the last page fetched (or `csrf`; null sends none). */
  post(path: string, fields?: Record<string, string | string[]>, opts?: { csrf?: string | null; headers?: Record<string, string> }): Promise<Response>;
  /** The token from the last HTML page this client fetched. */
  token: string;
}

export interface ConsoleRig {
  services: TestServices;
  app: Hono;
  client(): ConsoleClient;
  addStaff(role: StaffRole, email?: string): Promise<StaffAccount>;
  /** A client signed in as a new account of this role. */
  signIn(role: StaffRole): Promise<ConsoleClient & { staff: StaffAccount }>;
  /** Every log line the server wrote while the rig was open (tests stay quiet). */
  logs: LogRecord[];
  dispose(): Promise<void>;
}

const ORIGIN = "http://localhost";

function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

export function consoleClient(app: Hono): ConsoleClient {
  const cookies = new Map<string, string>();
  const client: ConsoleClient = {
    cookies,
    token: "",
    async get(path, headers = {}) {
      const res = await app.request(path, { headers: { cookie: cookieHeader(cookies), accept: "text/html", ...headers } });
      remember(res);
      if ((res.headers.get("content-type") ?? "").includes("text/html")) {
        const html = await res.clone().text();
        const match = /name="csrf-token" content="([^"]*)"/.exec(html) ?? /name="_csrf" value="([^"]*)"/.exec(html);
        if (match?.[1] !== undefined) client.token = match[1];
      }
      return res;
    },
    async post(path, fields = {}, opts = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      const csrf = opts.csrf === undefined ? client.token : opts.csrf;
      if (csrf !== null) body.set("_csrf", csrf);
      const res = await app.request(path, { method: "POST", body: body.toString(), headers: { cookie: cookieHeader(cookies), "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...opts.headers } });
      remember(res);
      return res;
    },
  };
  function remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (!name) continue;
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) cookies.delete(name.trim());
      else cookies.set(name.trim(), value.join("="));
    }
  }
  return client;
}

let counter = 0;

export async function addStaffTo(services: Pick<Services, "store" | "clock">, role: StaffRole, email?: string): Promise<StaffAccount> {
  const staff = await createStaff(services.store, { email: email ?? `${role}-${++counter}@clinic.test`, role }, services.clock.now());
  await setStaffPassword(services.store, staff.id, await hashPassword(PASSWORD), services.clock.now());
  return staff;
}

/** A client of `app` signed in as a new account of this role. */
export async function signInTo(app: Hono, services: Pick<Services, "store" | "clock">, role: StaffRole): Promise<ConsoleClient & { staff: StaffAccount }> {
  const staff = await addStaffTo(services, role);
  const client = consoleClient(app);
  await client.get("/sign-in");
  const res = await client.post("/sign-in", { email: staff.email, password: PASSWORD });
  if (res.status !== 303) throw new Error(`Signing in as ${role} failed with ${res.status}`);
  await client.get("/today");
  return Object.assign(client, { staff });
}

export async function openConsoleRig(opts: { config?: Record<string, unknown>; env?: Record<string, string>; services?: Partial<Services> } = {}): Promise<ConsoleRig> {
  const logs: LogRecord[] = [];
  setLogSink((record) => logs.push(record));
  const services = await openTestServices({ config: opts.config ?? {}, ...(opts.env ? { env: opts.env } : {}) });
  Object.assign(services, opts.services ?? {});
  const app = createApp(services, [mountConsole]);
  const rig: ConsoleRig = {
    services,
    app,
    logs,
    async dispose() {
      await services.dispose();
      setLogSink(null);
    },
    client: () => consoleClient(app),
    addStaff: (role, email) => addStaffTo(services, role, email),
    signIn: (role) => signInTo(app, services, role),
  };
  return rig;
}

/** The page's text without tags, for assertions on what a reader sees. */
export async function pageText(res: Response): Promise<string> {
  return (await res.text()).replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");
}

/** The console with the sandbox EHR as its FHIR source (a small synthetic practice). */
export async function openConsoleRigWithEhr(opts: { config?: Record<string, unknown>; now?: Date; searchRules?: SandboxSearchRules } = {}): Promise<ConsoleRig & { ehr: SandboxEhr; fhir: FhirClient }> {
  const now = opts.now ?? new Date("2026-12-01T15:00:00Z");
  const ehr = await startSandboxEhr({ port: 0, seed: 5, now, size: { patients: 6, appointments: 4 }, ...(opts.searchRules ? { searchRules: opts.searchRules } : {}) });
  const fhir = createFhirClient({ baseUrl: ehr.baseUrl, auth: { type: "none" } });
  const rig = await openConsoleRig({ ...(opts.config ? { config: opts.config } : {}), services: { sources: { fhir } } });
  rig.services.setNow(now);
  const dispose = rig.dispose;
  return Object.assign(rig, {
    ehr,
    fhir,
    async dispose() {
      await dispose();
      await ehr.close();
    },
  });
}
