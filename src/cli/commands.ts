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
    words: ["sandbox", "ehr"],
    summary: "serve the sandbox FHIR R4 EHR alone on a port (--port N)",
    run: async (args) => {
      const { runSandboxEhrCommand } = await import("../sandbox/ehr-server.js");
      const port = option(args, "port");
      await runSandboxEhrCommand({ port: port === undefined ? undefined : Number(port) });
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
