import { readFileSync } from "node:fs";
import { ackCode, readHl7Text, sendHl7 } from "../../connectors/hl7/send-message.js";
import { liveSandboxState } from "../runtime/sandbox-state.js";
import { cliEnv, print, printError } from "./cli-env.js";

/**
 * `minnow sandbox hl7 <file>`: sends one HL7 message (samples in tests/fixtures/hl7/) to the
 * running sandbox's MLLP listener, as the practice's interface engine would, and prints the
 * acknowledgement. Exit 0 on AA, 1 on AE or AR, 2 when there is nothing to send or no sandbox.
 */
export async function runSandboxHl7Command(args: string[]): Promise<number> {
  const [file] = args;
  if (!file) {
    printError("usage: minnow sandbox hl7 <file>   e.g. minnow sandbox hl7 tests/fixtures/hl7/s12-new.hl7");
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    printError(`Cannot read ${file}: give the path of an HL7 message file.`);
    return 2;
  }
  const env = cliEnv();
  const state = liveSandboxState(env.DATA_DIR);
  if (!state?.hl7) {
    printError(`No running sandbox with an HL7 listener in ${env.DATA_DIR}: start one with \`npm start\` (same DATA_DIR), then try again.`);
    return 2;
  }
  if (state.hl7.tls) {
    printError("The sandbox's HL7 listener expects TLS; this command sends plain MLLP. Unset HL7_MLLP_TLS_CERT and HL7_MLLP_TLS_KEY for the sandbox.");
    return 2;
  }
  let message;
  try {
    message = readHl7Text(text);
  } catch {
    printError(`${file} is not an HL7 message: its first line must be an MSH segment.`);
    return 2;
  }
  const ack = await sendHl7({ host: state.hl7.host, port: state.hl7.port }, message);
  print(ack.toString().split("\r").join("\n"));
  return ackCode(ack) === "AA" ? 0 : 1;
}
