import { afterEach, describe, expect, it } from "vitest";
import { appendAudit } from "../../src/store/audit-log.js";
import { purgeAudit } from "../../src/store/audit-retention.js";
import { verifyAudit } from "../../src/store/audit-verify.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { testDialects } from "../helpers/test-store.js";
import { openTwinServices } from "../helpers/twin-services.js";

const opened: TestServices[] = [];
afterEach(async () => {
  for (const s of opened.splice(0).reverse()) await s.dispose();
});

const DAY = 86_400_000;

for (const dialect of testDialects()) {
  // On Postgres the writers are two processes (two pools); SQLite has one process, whose writers race within it.
  const writers = dialect === "postgres" ? "two processes" : "one process";
  describe(`the audit chain written by ${writers} on one ${dialect} database`, () => {
    it("keeps one order through concurrent appends and concurrent retention purges, and verifies", async () => {
      const a = await openTestServices({ dialect });
      opened.push(a);
      const b = dialect === "postgres" ? await openTwinServices(a) : a;
      if (b !== a) opened.push(b);
      const now = a.clock.now();
      const old = new Date(now.getTime() - 400 * DAY);
      const append = (s: TestServices, n: number, at: Date) => appendAudit(s.store, { actor: "workflow:appointment-reminder", action: "message.sent", subjectRef: `Appointment/a-${n}`, decision: "send", at });
      const before = await Promise.all(Array.from({ length: 30 }, (_, n) => append(n % 2 ? a : b, n, old)));
      expect(new Set(before.map((r) => r.seq)).size).toBe(30);

      const cutoff = new Date(now.getTime() - 365 * DAY);
      const [purgeA, purgeB, ...after] = await Promise.all([purgeAudit(a.store, cutoff, now), purgeAudit(b.store, cutoff, now), ...Array.from({ length: 20 }, (_, n) => append(n % 2 ? b : a, 100 + n, now))]);
      // One process purged the old rows; the other, taking the lock after it, found none left.
      expect([purgeA?.purged, purgeB?.purged].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([0, 30]);
      expect(new Set(after.map((r) => (r as { seq: number }).seq)).size).toBe(20);

      const purges = await a.store.db.selectFrom("audit_log").select("seq").where("action", "=", "audit.purged").execute();
      expect(purges).toHaveLength(1);
      for (const s of [a, b]) expect(await verifyAudit(s.store)).toMatchObject({ ok: true, checked: 21 });
    });
  });
}
