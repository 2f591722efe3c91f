import { createApiKey } from "../store/api-keys.js";
import { cliEnv, print, printError, withStore } from "./cli-env.js";
import { option } from "./commands.js";

/** `minnow api-key create --scope read|write [--label NAME]`: prints the key once; only its hash is stored. */
export async function runApiKeyCreateCommand(args: string[]): Promise<number> {
  const scope = option(args, "scope");
  if (scope !== "read" && scope !== "write") {
    printError("usage: minnow api-key create --scope read|write [--label NAME]");
    return 2;
  }
  const label = option(args, "label") ?? null;
  const env = cliEnv();
  const created = await withStore(env, (store) => createApiKey(store, scope, label));
  print(`Created ${scope} API key ${created.id}${label ? ` (${label})` : ""}. It is shown once; store it now:\n${created.key}`);
  return 0;
}
