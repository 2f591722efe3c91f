import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { Hl7Message } from "@medplum/core";
import { afterEach, describe, expect, it } from "vitest";
import { buildAck } from "../../../connectors/hl7/ack.js";
import { startMllpListener, type MllpListener } from "../../../connectors/hl7/mllp-listener.js";
import { ackCode, readHl7Text, sendHl7 } from "../../../connectors/hl7/send-message.js";

const MESSAGE = "MSH|^~\\&|A|B|C|D|20270101120000+0000||SIU^S12|CTL-1|P|2.5";
let listener: MllpListener | undefined;
let dir: string | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const answer = async (message: Hl7Message) => buildAck(message, "AA");
const frame = (text: string) => Buffer.concat([Buffer.from([0x0b]), Buffer.from(text), Buffer.from([0x1c, 0x0d])]);

function exchange(socket: net.Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once("data", (data: Buffer) => resolve(data.toString().slice(1, -2)));
    socket.write(frame(text));
  });
}

describe("MLLP listener", () => {
  it("binds the given host, answers each message, and answers a frame that is not HL7 with AE on the same connection", async () => {
    listener = await startMllpListener({ host: "127.0.0.1", port: 0, answer });
    expect(ackCode(await sendHl7({ host: "127.0.0.1", port: listener.port }, readHl7Text(MESSAGE)))).toBe("AA");
    const socket = net.connect(listener.port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    const garbage = await exchange(socket, "HELLO THERE");
    expect(garbage).toMatch(/\rMSA\|AE\|\|/);
    expect(garbage).toMatch(/\rERR\|\|MSH\^1\|100/);
    expect(await exchange(socket, MESSAGE)).toMatch(/\rMSA\|AA\|CTL-1/);
    socket.destroy();
  });

  it("closes a connection from an address not on the allow-list before reading it", async () => {
    const events: string[] = [];
    listener = await startMllpListener({ host: "127.0.0.1", port: 0, answer, allow: ["10.9.9.9"], onEvent: (e) => events.push(e) });
    await expect(sendHl7({ host: "127.0.0.1", port: listener.port }, readHl7Text(MESSAGE), 2_000)).rejects.toThrow();
    expect(events).toContain("refused-address");
    await listener.close();
    listener = await startMllpListener({ host: "127.0.0.1", port: 0, answer, allow: ["127.0.0.1"] });
    expect(ackCode(await sendHl7({ host: "127.0.0.1", port: listener.port }, readHl7Text(MESSAGE)))).toBe("AA");
  });

  it("speaks MLLP over TLS with HL7_MLLP_TLS_CERT and HL7_MLLP_TLS_KEY", async () => {
    dir = mkdtempSync(join(tmpdir(), "minnow-hl7-tls-"));
    const certFile = join(dir, "cert.pem");
    const keyFile = join(dir, "key.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    listener = await startMllpListener({ host: "127.0.0.1", port: 0, answer, tls: { certFile, keyFile } });
    expect(listener.tls).toBe(true);
    const socket = tls.connect({ host: "127.0.0.1", port: listener.port, rejectUnauthorized: false });
    await new Promise((r) => socket.once("secureConnect", r));
    expect(await exchange(socket, MESSAGE)).toMatch(/\rMSA\|AA\|CTL-1/);
    socket.destroy();
  });
});
