export interface CliCommand {
  /** Words that select the command, e.g. ["audit", "verify"]. */
  words: string[];
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Reads `--name value` options; returns undefined when absent. */
export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export const commands: CliCommand[] = [
  {
    words: ["start"],
    summary: "run the job: server, engine, sync (the sandbox when nothing is configured)",
    run: async () => (await import("./start-command.js")).runStartCommand(),
  },
  {
    words: ["audit", "verify"],
    summary: "check the audit log's hash chain; exit 1 names the first tampered row",
    run: async () => (await import("./audit-command.js")).runAuditVerifyCommand(),
  },
  {
    words: ["templates", "lint"],
    summary: "lint built-in and configured templates; exit 1 on errors",
    run: async () => (await import("./templates-command.js")).runTemplatesLintCommand(),
  },
  {
    words: ["config", "export"],
    summary: "print the practice config in force (console edits included) as YAML",
    run: async () => (await import("./config-export-command.js")).runConfigExportCommand(),
  },
  {
    words: ["automations", "simulate"],
    summary: "dry-run an automation over the next days of the schedule: automations simulate <id> [--days 7]; sends nothing",
    run: async (args) => (await import("./automations-simulate-command.js")).runAutomationsSimulateCommand(args),
  },
  {
    words: ["boundary"],
    summary: "list connectors and destinations, what PHI flows there, BAA status; exit 1 on errors",
    run: async () => (await import("./boundary-command.js")).runBoundaryCommand(),
  },
  {
    words: ["sync"],
    summary: "queue a sync now (the running job picks it up)",
    run: async () => (await import("./sync-command.js")).runSyncCommand(),
  },
  {
    words: ["acuity", "webhooks"],
    summary: "manage Acuity's webhooks to this server (PUBLIC_URL): acuity webhooks subscribe | list | unsubscribe [id]",
    run: async (args) => (await import("./acuity-webhooks-command.js")).runAcuityWebhooksCommand(args),
  },
  {
    words: ["fhir", "subscribe"],
    summary: "create a rest-hook Subscription on the EHR pointed at PUBLIC_URL, and check its handshake",
    run: async (args) => (await import("./fhir-subscribe-command.js")).runFhirSubscriptionsCommand("subscribe", args),
  },
  {
    words: ["fhir", "subscriptions"],
    summary: "list the Subscriptions minnow created on the EHR",
    run: async (args) => (await import("./fhir-subscribe-command.js")).runFhirSubscriptionsCommand("list", args),
  },
  {
    words: ["fhir", "unsubscribe"],
    summary: "delete one of minnow's Subscriptions on the EHR: fhir unsubscribe <id>",
    run: async (args) => (await import("./fhir-subscribe-command.js")).runFhirSubscriptionsCommand("unsubscribe", args),
  },
  {
    words: ["keys", "rotate"],
    summary: "re-encrypt stored PHI under the first key of MINNOW_DATA_KEY",
    run: async () => {
      const { cliEnv } = await import("./cli-env.js");
      const { runKeyRotateCommand } = await import("../store/key-rotate-command.js");
      const env = cliEnv();
      return runKeyRotateCommand({ dataDir: env.DATA_DIR, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}), ...(env.MINNOW_DATA_KEY ? { dataKey: env.MINNOW_DATA_KEY } : {}) });
    },
  },
  {
    words: ["api-key", "create"],
    summary: "create an API key for /api (--scope read|write [--label NAME]); shown once",
    run: async (args) => (await import("./api-key-command.js")).runApiKeyCreateCommand(args),
  },
  {
    words: ["staff"],
    summary: "console accounts: staff add <email> --role front-desk|manager|admin, staff list, staff disable <email>, staff link <email>",
    run: async (args) => (await import("./staff-command.js")).runStaffCommand(args),
  },
  {
    words: ["sandbox", "reply"],
    summary: "reply as a patient to the running sandbox: sandbox reply <phone> <text> [--sender NUMBER] (default: the number that last texted them)",
    run: async (args) => (await import("./sandbox-reply-command.js")).runSandboxReplyCommand(args),
  },
  {
    words: ["sandbox", "outbox"],
    summary: "show the texts the sandbox sent, oldest first (--limit N, --to PHONE)",
    run: async (args) => (await import("./sandbox-outbox-command.js")).runSandboxOutboxCommand(args),
  },
  {
    words: ["sandbox", "cancel"],
    summary: "cancel a sandbox appointment (or the next suitable one) and sync: sandbox cancel [id]",
    run: async (args) => (await import("./sandbox-cancel-command.js")).runSandboxCancelCommand(args),
  },
  {
    words: ["sandbox", "reset"],
    summary: "start the sandbox over: delete its EHR, outbox and database from DATA_DIR (says what it deletes; stop minnow first)",
    run: async () => (await import("./sandbox-reset-command.js")).runSandboxResetCommand(),
  },
  {
    words: ["sandbox", "hl7"],
    summary: "send an HL7 SIU message file to the running sandbox over MLLP and print the ACK: sandbox hl7 <file>",
    run: async (args) => (await import("./sandbox-hl7-command.js")).runSandboxHl7Command(args),
  },
  {
    words: ["sandbox", "ehr"],
    summary: "serve the sandbox FHIR R4 EHR alone on a port (--port N) [--search-rules scoped: refuse practice-wide searches as Oracle Health does]",
    run: async (args) => {
      const { runSandboxEhrCommand } = await import("../sandbox/ehr-server.js");
      const port = option(args, "port");
      const rules = option(args, "search-rules");
      if (rules !== undefined && rules !== "open" && rules !== "scoped") throw new Error(`--search-rules must be "open" or "scoped", got "${rules}".`);
      await runSandboxEhrCommand({ port: port === undefined ? undefined : Number(port), ...(rules ? { searchRules: rules } : {}) });
      return 0;
    },
  },
];

export function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  const matches = commands.filter((c) => c.words.every((w, i) => argv[i] === w));
  const best = matches.sort((a, b) => b.words.length - a.words.length)[0];
  return best ? { command: best, rest: argv.slice(best.words.length) } : undefined;
}

export function usage(list: CliCommand[]): string {
  const width = Math.max(...list.map((c) => c.words.join(" ").length));
  return ["usage: minnow <command>", "", ...list.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`)].join("\n");
}
