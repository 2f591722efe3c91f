/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { StaffTextCheck } from "../data/staff-text-check.js";

/** Under the reply box: findings, the text as the patient will read it, and its length in texts. */
export function LintFindings(props: { check: StaffTextCheck | null }) {
  const { check } = props;
  if (!check) return <></>;
  const errors = check.findings.filter((f) => f.severity === "error");
  const warnings = check.findings.filter((f) => f.severity === "warning" && f.rule !== "missing-practice-identification");
  const { segments } = check;
  return (
    <div data-lint-ok={check.ok ? "true" : "false"}>
      {errors.length ? (
        <ul>
          {errors.map((f) => (
            <li class="error">Must fix: {f.message}</li>
          ))}
        </ul>
      ) : null}
      {warnings.length ? (
        <ul>
          {warnings.map((f) => (
            <li class="warning">Check: {f.message}</li>
          ))}
        </ul>
      ) : null}
      {check.ok && !warnings.length ? <p class="small">No carrier-rule problems found.</p> : null}
      {check.preview !== null && segments ? (
        <p class="small muted">
          The patient will read: “{check.preview}” ({segments.segments} text{segments.segments === 1 ? "" : "s"}, {segments.units} characters
          {segments.encoding === "UCS-2" ? `; ${check.specialCharacters.join(" ")} make${check.specialCharacters.length === 1 ? "s" : ""} it a special-character text (70 characters each)` : ""})
        </p>
      ) : null}
    </div>
  );
}
