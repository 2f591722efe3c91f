import type { Env } from "../config/env.js";
import { loadPracticeConfig } from "../config/practice.js";
import { addStaffMember, disableStaffMember, newSignInLink } from "../console/staff-admin.js";
import type { Store } from "../store/db.js";
import type { StaffRole } from "../store/console-tables.js";
import { findStaffByEmail, listStaff, STAFF_ROLES, StaffExistsError } from "../store/staff-accounts.js";
import { cliEnv, print, printError, withAuditedStore, withStore } from "./cli-env.js";
import { option } from "./commands.js";

/**
 * `minnow staff add|list|disable|link`: console accounts from the command line. A new account,
 * and `staff link`, print a one-time sign-in link with which its holder sets a password.
 */
const USAGE = [
  "usage: minnow staff add <email> --role front-desk|manager|admin",
  "       minnow staff list",
  "       minnow staff disable <email>",
  "       minnow staff link <email>      (a new one-time sign-in link, e.g. after a forgotten password)",
].join("\n");

/** Where the printed links point: PUBLIC_URL, else the local server on PORT. */
export function consoleBaseUrl(env: Pick<Env, "PUBLIC_URL" | "PORT">): string {
  return env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT || 8787}`;
}

function deps(env: Env, store: Store) {
  return { store, config: loadPracticeConfig(env.MINNOW_CONFIG), clock: { now: () => new Date() } };
}

const isRole = (value: string | undefined): value is StaffRole => (STAFF_ROLES as readonly string[]).includes(value ?? "");

async function add(env: Env, email: string | undefined, role: string | undefined): Promise<number> {
  if (!email || !isRole(role)) {
    printError(USAGE);
    return 2;
  }
  return withAuditedStore(env, async (store) => {
    const d = deps(env, store);
    try {
      const { staff, link } = await addStaffMember(d, { email, role }, consoleBaseUrl(env), "cli");
      print(`Added ${staff.email} (${staff.role}). Their one-time sign-in link (expires in ${d.config.console.signInLinkHours} hours):\n${link}`);
      return 0;
    } catch (err) {
      if (!(err instanceof StaffExistsError)) throw err;
      printError(`${err.message} Use \`minnow staff link ${email}\` for a new sign-in link.`);
      return 1;
    }
  });
}

async function list(env: Env): Promise<number> {
  return withStore(env, async (store) => {
    const staff = await listStaff(store);
    if (staff.length === 0) {
      print("No staff accounts yet. Add one with: minnow staff add <email> --role admin");
      return 0;
    }
    const now = Date.now();
    const width = Math.max(...staff.map((s) => s.email.length));
    for (const s of staff) {
      const state = !s.active ? "disabled" : s.lockedUntil && s.lockedUntil.getTime() > now ? `locked until ${s.lockedUntil.toISOString()}` : s.passwordSetAt ? "active" : "has not signed in yet";
      print(`${s.email.padEnd(width)}  ${s.role.padEnd(10)}  ${state}`);
    }
    return 0;
  });
}

async function withAccount(env: Env, email: string | undefined, fn: (d: ReturnType<typeof deps>, staff: NonNullable<Awaited<ReturnType<typeof findStaffByEmail>>>) => Promise<number>): Promise<number> {
  if (!email) {
    printError(USAGE);
    return 2;
  }
  return withAuditedStore(env, async (store) => {
    const staff = await findStaffByEmail(store, email);
    if (!staff) {
      printError(`No staff account for ${email}; see \`minnow staff list\`.`);
      return 1;
    }
    return fn(deps(env, store), staff);
  });
}

export async function runStaffCommand(args: string[]): Promise<number> {
  const [verb, email] = args;
  const env = cliEnv();
  switch (verb) {
    case "add":
      return add(env, email, option(args, "role"));
    case "list":
      return list(env);
    case "disable":
      return withAccount(env, email, async (d, staff) => {
        const done = await disableStaffMember(d, staff, "cli");
        print(done ? `Disabled ${staff.email}; their sessions ended.` : `${staff.email} was already disabled.`);
        return 0;
      });
    case "link":
      return withAccount(env, email, async (d, staff) => {
        if (!staff.active) {
          printError(`${staff.email} is disabled; add a new account instead.`);
          return 1;
        }
        print(`One-time sign-in link for ${staff.email} (expires in ${d.config.console.signInLinkHours} hours):\n${await newSignInLink(d, staff, consoleBaseUrl(env), "cli")}`);
        return 0;
      });
    default:
      printError(USAGE);
      return 2;
  }
}
