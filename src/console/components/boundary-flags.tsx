/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { twilioConnector } from "../../../connectors/twilio/index.js";
import type { BoundaryReport } from "../../runtime/boundary-report.js";
import type { PageContext } from "./layout.js";
import { can } from "../security/roles.js";

/**
 * On Today: each flow the BAA boundary flags (private information to a party with neither a
 * signed BAA nor an acknowledgement), so the whole team sees it, with who can settle it. Texts to
 * patients wait for that decision (runtime/boundary-gate.ts), and the note says so.
 */
export function BoundaryFlags(props: { page: PageContext; report: BoundaryReport }) {
  const flagged = props.report.rows.filter((r) => r.findings.some((f) => f.severity === "error"));
  if (!flagged.length) return null;
  const textsHeld = flagged.some((r) => r.party.id === twilioConnector.id);
  const mayFix = props.page.viewer ? can(props.page.viewer.role, "compliance") : false;
  return (
    <div class="warning-note" data-boundary-flags={String(flagged.length)} role="status">
      <p>
        <strong>Needs a BAA decision:</strong> {flagged.map((r) => r.party.displayName).join(", ")} would receive patient information without a Business Associate Agreement or a written acknowledgement.{" "}
        {textsHeld ? <strong data-texts-held="true">Texts to patients are held until then (tried again every hour). </strong> : null}
        {mayFix ? <a href="/compliance">Record the BAA or the acknowledgement in the compliance center</a> : "Your practice manager can record the BAA or an acknowledgement in the compliance center."}
      </p>
    </div>
  );
}
