/**
 * Settings that parse one by one but cannot work together. Each names the variable and the fix;
 * loadEnv reports them with the schema's own errors, all at once.
 */
export interface EnvProblem {
  variable: string;
  message: string;
}

/** Anything meant for a real EHR, which the sandbox EHR would silently ignore. */
const FHIR_SETTINGS = ["FHIR_AUTH", "FHIR_BEARER_TOKEN", "FHIR_CLIENT_ID", "FHIR_PRIVATE_KEY", "FHIR_KEY_ID", "FHIR_SCOPE"] as const;

export function envProblems(raw: Readonly<Record<string, string | undefined>>): EnvProblem[] {
  const problems: EnvProblem[] = [];
  if (!raw.FHIR_BASE_URL) {
    for (const variable of FHIR_SETTINGS.filter((name) => raw[name] !== undefined)) {
      problems.push({ variable, message: "is set but FHIR_BASE_URL is not, so minnow would use the sandbox EHR and ignore it: set FHIR_BASE_URL to your EHR's FHIR R4 base URL, or unset " + variable });
    }
  }
  // TWILIO_API_BASE_URL points at a test server, which calls back wherever it is told.
  const realTwilio = (raw.TWILIO_ACCOUNT_SID !== undefined || raw.TWILIO_AUTH_TOKEN !== undefined) && raw.TWILIO_API_BASE_URL === undefined;
  if (realTwilio && !raw.PUBLIC_URL) {
    problems.push({
      variable: "PUBLIC_URL",
      message: "is required with real Twilio credentials: Twilio posts replies and status callbacks to it, and their signatures are checked against it. Set it to minnow's public https address, e.g. https://minnow.example.org",
    });
  }
  return problems;
}
