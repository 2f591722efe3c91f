import type { Hono } from "hono";
import type { StaffRole } from "../store/console-tables.js";
import type { StaffAccount } from "../store/staff-accounts.js";
import type { StaffSession } from "../store/staff-sessions.js";

/** What the console's middleware leaves on the request for the pages: who is signed in, if anyone. */
export interface ConsoleVariables {
  staff: StaffAccount | undefined;
  session: StaffSession | undefined;
  /** Why a session presented with this request is no longer valid ("idle", "expired"), if it was. */
  sessionEnded: "idle" | "expired" | undefined;
  /** The token a form posts back: the session's, or the signed-out form's double-submit cookie. */
  csrfToken: string;
}

export type ConsoleEnv = { Variables: ConsoleVariables };
export type ConsoleApp = Hono<ConsoleEnv>;

/** A signed-in staff member, as the pages see them. */
export interface Viewer {
  id: string;
  email: string;
  role: StaffRole;
}
