import type { Permission } from "../security/roles.js";

/** The console's sections, in menu order; a link shows only for roles that may open it. */
export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

export const NAV: readonly NavItem[] = [
  { href: "/today", label: "Today", permission: "schedule" },
  { href: "/inbox", label: "Inbox", permission: "inbox" },
  { href: "/waitlist", label: "Waitlist", permission: "waitlist" },
  { href: "/patients", label: "Patients", permission: "patients" },
  { href: "/templates", label: "Templates", permission: "templates" },
  { href: "/automations", label: "Automations", permission: "automations" },
  { href: "/compliance", label: "Compliance", permission: "compliance" },
  { href: "/insights", label: "Insights", permission: "insights" },
  { href: "/settings", label: "Settings", permission: "settings" },
  { href: "/admin/staff", label: "Staff", permission: "staff-admin" },
  { href: "/admin/api-keys", label: "API keys", permission: "api-keys" },
  { href: "/admin/ehr", label: "EHR", permission: "ehr-connection" },
];
