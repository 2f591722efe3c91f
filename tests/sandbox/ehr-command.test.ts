import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/** `minnow sandbox ehr`: runs as its own process, prints its URL and counts only, stops on SIGTERM. */
const SERVER_MODULE = pathToFileURL(fileURLToPath(new URL("../../src/sandbox/ehr-server.ts", import.meta.url))).href;

describe("runSandboxEhrCommand", () => {
  it("serves FHIR until SIGTERM, printing the base URL and counts but no patient data", async () => {
    const script = `const { runSandboxEhrCommand } = await import(${JSON.stringify(SERVER_MODULE)}); await runSandboxEhrCommand({ port: 0 });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no base URL printed; stdout so far: ${stdout}`)), 25_000);
        child.stdout.on("data", () => {
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/fhir\/R4)/.exec(stdout);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const metadata = await fetch(`${baseUrl}/metadata`);
      expect(metadata.status).toBe(200);
      const patients = (await (await fetch(`${baseUrl}/Patient?_count=1000`)).json()) as { entry?: Array<{ resource: { name?: Array<{ family?: string }>; telecom?: Array<{ value?: string }> } }> };
      expect(stdout).toMatch(/\d+ patients, \d+ appointments/);
      for (const { resource } of patients.entry ?? []) {
        expect(stdout).not.toContain(resource.name?.[0]?.family ?? "<none>");
        for (const t of resource.telecom ?? []) expect(stdout).not.toContain(t.value ?? "<none>");
      }
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 40_000);
});
