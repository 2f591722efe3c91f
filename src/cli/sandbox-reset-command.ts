import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isFullSandbox, runtimeModes } from "../runtime/sandbox-mode.js";
import { liveSandboxState, SANDBOX_STATE_FILE } from "../runtime/sandbox-state.js";
import { sandboxFiles } from "../sandbox/sandbox-files.js";
import { SQLITE_FILE } from "../store/db.js";
import { GENERATED_KEY_FILE } from "../store/keyring.js";
import { cliEnv, print, printError } from "./cli-env.js";

/** What each file of a sandbox DATA_DIR holds, in the words the command prints. */
function sandboxTargets(dataDir: string): Array<{ path: string; what: string }> {
  const files = sandboxFiles(dataDir);
  const folderFiles = existsSync(files.folder) ? readdirSync(files.folder).map((name) => join(files.folder, name)) : [];
  const described: Record<string, string> = {
    [files.ehr]: "the sandbox EHR: patients, appointments, cancellations, confirmations, bookings, waitlist",
    [files.outbox]: "the sandbox outbox: every text the patients' phones received",
    [files.anchor]: "when the schedule was anchored and the zone the practice was placed in",
  };
  return [
    ...folderFiles.map((path) => ({ path, what: described[path] ?? "a sandbox file" })),
    ...["", "-wal", "-shm"].map((suffix) => ({ path: join(dataDir, SQLITE_FILE + suffix), what: suffix ? "the database's journal" : "minnow's database: reminders, replies, offers, consents, audit log, console accounts" })),
    { path: join(dataDir, SANDBOX_STATE_FILE), what: "the address of a sandbox that is no longer running" },
  ].filter((t) => existsSync(t.path));
}

/**
 * `minnow sandbox reset`: starts the sandbox over. It deletes the sandbox EHR, the outbox and
 * minnow's own SQLite database (which, in the sandbox, holds nothing but sandbox data, and would
 * otherwise remember appointments the new schedule no longer has), and says what each file was.
 * It refuses anything that could hold real data, and a sandbox that is still running.
 */
export async function runSandboxResetCommand(): Promise<number> {
  const env = cliEnv();
  if (!isFullSandbox(runtimeModes(env))) {
    printError("sandbox reset works only on the full sandbox: an EHR, Acuity or Twilio is configured here, so the database may hold real data. Nothing was deleted.");
    return 1;
  }
  if (env.DATABASE_URL) {
    printError("sandbox reset clears a SQLite database in DATA_DIR, and DATABASE_URL points elsewhere: drop that database yourself, or unset DATABASE_URL. Nothing was deleted.");
    return 1;
  }
  const running = liveSandboxState(env.DATA_DIR);
  if (running) {
    printError(`A sandbox is running from ${env.DATA_DIR} (process ${running.pid}): stop it with Ctrl+C first. Nothing was deleted.`);
    return 1;
  }
  const targets = sandboxTargets(env.DATA_DIR);
  if (targets.length === 0) {
    print(`Nothing to delete in ${env.DATA_DIR}: the next \`npm start\` seeds a new sandbox practice.`);
    return 0;
  }
  print(`Starting the sandbox over in ${env.DATA_DIR}. Deleting:`);
  for (const target of targets) {
    rmSync(target.path, { force: true });
    print(`  ${target.path}  (${target.what})`);
  }
  const key = join(env.DATA_DIR, GENERATED_KEY_FILE);
  if (existsSync(key)) print(`Kept ${key} (the generated data key; it encrypts nothing now, and the next start reuses it).`);
  print("The next `npm start` seeds a new sandbox practice, anchored to that start.");
  return 0;
}
