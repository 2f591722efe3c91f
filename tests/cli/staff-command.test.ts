import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/db.js";
import { peekSignInLink } from "../../src/store/staff-sessions.js";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

let dir: TempDir | undefined;
afterEach(() => {
  dir?.cleanup();
  dir = undefined;
});

describe("minnow staff", { timeout: 120_000 }, () => {
  it("adds an account and prints a one-time sign-in link, lists, re-links and disables it", async () => {
    dir = tempDir();
    const env = { DATA_DIR: dir.dir, PUBLIC_URL: "https://minnow.example.org" };
    const added = await runCli(["staff", "add", "Front.Desk@Clinic.test", "--role", "front-desk"], env);
    expect(added.code).toBe(0);
    const link = /https:\/\/minnow\.example\.org\/welcome\/([A-Za-z0-9_-]+)/.exec(added.stdout);
    expect(added.stdout).toContain("Added front.desk@clinic.test (front-desk)");
    expect(link).not.toBeNull();

    const again = await runCli(["staff", "add", "front.desk@clinic.test", "--role", "admin"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");

    const listed = await runCli(["staff", "list"], env);
    expect(listed.stdout).toMatch(/front\.desk@clinic\.test\s+front-desk\s+has not signed in yet/);

    const relinked = await runCli(["staff", "link", "front.desk@clinic.test"], env);
    expect(relinked.code).toBe(0);
    expect(relinked.stdout).toMatch(/\/welcome\/[A-Za-z0-9_-]+/);

    expect((await runCli(["staff", "disable", "front.desk@clinic.test"], env)).stdout).toContain("Disabled front.desk@clinic.test");
    expect((await runCli(["staff", "list"], env)).stdout).toMatch(/front-desk\s+disabled/);
    const store = await openStore({ dataDir: dir.dir });
    try {
      expect(await peekSignInLink(store, link?.[1] ?? "")).toBe((await store.db.selectFrom("staff_accounts").select("id").executeTakeFirstOrThrow()).id);
      const audit = await store.db.selectFrom("audit_log").select(["actor", "action"]).orderBy("seq").execute();
      expect(audit).toEqual([
        { actor: "cli", action: "staff.added" },
        { actor: "cli", action: "staff.link_issued" },
        { actor: "cli", action: "staff.disabled" },
      ]);
    } finally {
      await store.close();
    }
  });

  it("refuses a missing or unknown role and an unknown account, saying how to use it", async () => {
    dir = tempDir();
    const env = { DATA_DIR: dir.dir };
    for (const args of [["staff", "add", "a@clinic.test"], ["staff", "add", "a@clinic.test", "--role", "owner"], ["staff"]]) {
      const res = await runCli(args, env);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("usage: minnow staff add <email> --role front-desk|manager|admin");
    }
    const unknown = await runCli(["staff", "disable", "ghost@clinic.test"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No staff account for ghost@clinic.test");
  });
});
