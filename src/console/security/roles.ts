import type { StaffRole } from "../../store/console-tables.js";

/**
 * What each role may open. A role without a permission gets 403 for the page, whatever link it
 * followed: hiding a link is a courtesy, the check is here. Later console pages add their
 * permission here and to NAV (components/nav.ts).
 */
export type Permission = "schedule" | "inbox" | "messages" | "waitlist" | "patients" | "staff-admin" | "api-keys" | "templates" | "compliance" | "settings" | "insights" | "ehr-connection" | "automations";

const EVERYONE: readonly StaffRole[] = ["front-desk", "manager", "admin"];

const MANAGERS: readonly StaffRole[] = ["manager", "admin"];

const ACCESS: Record<Permission, readonly StaffRole[]> = {
  schedule: EVERYONE,
  inbox: EVERYONE,
  /** Reading the decrypted text of a patient's messages. */
  messages: EVERYONE,
  waitlist: EVERYONE,
  patients: EVERYONE,
  "staff-admin": ["admin"],
  "api-keys": ["admin"],
  templates: MANAGERS,
  compliance: MANAGERS,
  settings: MANAGERS,
  insights: MANAGERS,
  /** Building, checking and switching automations (recipes). */
  automations: MANAGERS,
  /** Creating and deleting minnow's Subscriptions on the EHR. */
  "ehr-connection": ["admin"],
};

export function can(role: StaffRole, permission: Permission): boolean {
  return ACCESS[permission].includes(role);
}

export const ROLE_NAMES: Record<StaffRole, string> = { "front-desk": "Front desk", manager: "Practice manager", admin: "Administrator" };
