/**
 * The `minnow` command. Each subcommand lives in its own module and is loaded on demand, so
 * `minnow audit verify` does not pay for the sandbox EHR's schema load.
 */
import { commands, findCommand, usage } from "./commands.js";

async function main(argv: string[]): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    console.error(usage(commands));
    return argv.length === 0 || argv[0] === "help" || argv[0] === "--help" ? 0 : 2;
  }
  return found.command.run(found.rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`minnow: ${message}`);
    process.exitCode = 1;
  },
);
