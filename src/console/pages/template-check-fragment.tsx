/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { LevelPreview, TemplateCheck } from "../data/template-check.js";
import { Tag } from "../components/tags.js";

/**
 * Beside the template editor, refreshed as it is typed (server-side, the same lint the config load
 * runs): each finding with its rule and severity, the texts it makes, and the preview per PHI level.
 */
const DROP_WHY: Record<string, string> = {
  "needs-authorization": "a detail about the patient: only for patients who allowed details in texts",
  "phi-always": "always private health information: never sent by text",
  "unknown-variable": "minnow does not know this detail, so it treats it as private and never sends it",
  "missing-value": "no value to fill it with",
  "invalid-value": "its value could not be read",
};

const LEVEL_WORDS: Record<LevelPreview["level"], string> = {
  none: "Patients who allowed no details (PHI level none)",
  minimal: "Patients who allowed first name and times (PHI level minimal)",
};

function Preview(props: { preview: LevelPreview }) {
  const { preview } = props;
  return (
    <div class="card preview" data-level={preview.level}>
      <h3>{LEVEL_WORDS[preview.level]}</h3>
      {preview.dropped.length ? (
        <ul class="lines" data-dropped>
          {preview.dropped.map((d) => (
            <li>
              Left out <code>{`{{${d.variable}}}`}</code>: {DROP_WHY[d.reason] ?? d.reason}.
            </li>
          ))}
        </ul>
      ) : null}
      {preview.body === null ? (
        <p class="small">Nothing can be sent at this level: no text fits what these patients allowed.</p>
      ) : (
        <>
          <p class="small muted">{preview.usesThisText ? "They read this text:" : "So they get the built-in text instead:"}</p>
          <blockquote class="sms">{preview.body}</blockquote>
        </>
      )}
    </div>
  );
}

export function TemplateCheckFragment(props: { check: TemplateCheck }) {
  const { lint, segments, specialCharacters, previews } = props.check;
  const errors = lint.findings.filter((f) => f.severity === "error").length;
  return (
    <div data-lint-ok={lint.ok ? "true" : "false"} class="lint-findings">
      <h2 class="visually-hidden">Checks</h2>
      {lint.findings.length ? (
        <ul data-findings>
          {lint.findings.map((f) => (
            <li class={f.severity} data-rule={f.rule}>
              <Tag words={f.severity === "error" ? "Must fix" : "Check"} tone={f.severity === "error" ? "bad" : "wait"} /> <code>{f.rule}</code> {f.message}
            </li>
          ))}
        </ul>
      ) : (
        <p class="small">No carrier-rule or privacy problems found.</p>
      )}
      {errors ? <p class="field-error">It cannot be saved until the {errors === 1 ? "problem marked Must fix is" : `${errors} problems marked Must fix are`} fixed.</p> : null}
      {segments ? (
        <p class="small" data-segments={String(segments.segments)} data-encoding={segments.encoding}>
          {segments.segments} text{segments.segments === 1 ? "" : "s"} of {segments.encoding === "GSM-7" ? "plain characters (GSM-7, 160 per text)" : "special characters (UCS-2, 70 per text)"}, {segments.units} characters with the sample details.
          {specialCharacters.length ? ` These characters force special-character texts: ${specialCharacters.join(" ")}` : ""}
        </p>
      ) : null}
      {previews.map((p) => (
        <Preview preview={p} />
      ))}
    </div>
  );
}
