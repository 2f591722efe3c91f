/**
 * `verifyAudit` walks the audit chain from the head checkpoint's first row to its last, and stops
 * at the first row that was removed, re-linked, altered, or altered with the chain rebuilt after
 * it, or at a tail that falls short of the head (truncation). Each failure names that row.
 */
import { auditHash, type AuditRow } from "./audit-log.js";
import { readAuditHead, requireSeal, sameMac, type AuditHead, type AuditSeal } from "./audit-seal.js";
import type { Store } from "./db.js";

export type AuditProblem = "head" | "missing" | "relinked" | "altered" | "rebuilt" | "foreign" | "truncated";

export type AuditVerifyResult =
  | { ok: true; checked: number; lastSeq: number; head: string }
  | { ok: false; checked: number; badSeq: number; problem: AuditProblem; reason: string };

type Failure = Extract<AuditVerifyResult, { ok: false }>;

function checkRow(row: AuditRow, expectedSeq: number, prevHash: string, head: AuditHead, seal: AuditSeal): Omit<Failure, "ok" | "checked"> | undefined {
  const { seq } = row;
  if (seq > head.lastSeq) return { badSeq: seq, problem: "foreign", reason: `row ${seq} is past the head checkpoint's last row ${head.lastSeq}: it was added outside minnow` };
  if (seq !== expectedSeq) return { badSeq: expectedSeq, problem: "missing", reason: `row ${expectedSeq} is missing (next row is ${seq}): rows were deleted` };
  if (row.prev_hash !== prevHash) {
    const why = seq === head.sealedFrom && seq > head.firstSeq ? "the rows before it, written before the log was sealed, were rebuilt" : "the chain was cut or reordered";
    return { badSeq: seq, problem: "relinked", reason: `row ${seq} does not link to row ${seq - 1}: ${why}` };
  }
  if (auditHash(row) !== row.hash) return { badSeq: seq, problem: "altered", reason: `row ${seq} does not match its hash: it was altered after it was written` };
  if (seq >= head.sealedFrom && !sameMac(row.mac, seal.rowMac(seq, row.hash))) {
    return { badSeq: seq, problem: "rebuilt", reason: `row ${seq} does not match its seal: it was altered and the chain rebuilt after it` };
  }
  return undefined;
}

function truncated(checked: number, next: number, head: AuditHead): Failure {
  const count = head.lastSeq - head.firstSeq + 1;
  const span = next === head.lastSeq ? `row ${next} is missing` : `row ${next} is missing, and so is every row after it to row ${head.lastSeq}`;
  return { ok: false, checked, badSeq: next, problem: "truncated", reason: `${span}: the log was truncated (the head checkpoint records ${count} row(s), the last being row ${head.lastSeq})` };
}

/** Walks the whole chain in order. Fails at the first row that was altered, removed or re-linked, or at a truncated tail. */
export async function verifyAudit(store: Store, pageSize = 1000): Promise<AuditVerifyResult> {
  const seal = requireSeal(store);
  const stored = await readAuditHead(store.db);
  if (!stored) return { ok: false, checked: 0, badSeq: 1, problem: "head", reason: "the head checkpoint is missing: it was deleted" };
  const { head } = stored;
  if (!sameMac(stored.mac, seal.headMac(head))) {
    return { ok: false, checked: 0, badSeq: head.firstSeq, problem: "head", reason: "the head checkpoint does not match its seal: it was altered" };
  }
  let prevHash = head.firstPrevHash;
  let next = head.firstSeq;
  let checked = 0;
  for (;;) {
    const page = await store.db.selectFrom("audit_log").selectAll().where("seq", ">=", next).orderBy("seq").limit(pageSize).execute();
    for (const raw of page) {
      const row: AuditRow = { ...raw, seq: Number(raw.seq), at: Number(raw.at) };
      const problem = checkRow(row, next, prevHash, head, seal);
      if (problem) return { ok: false, checked, ...problem };
      prevHash = row.hash;
      next++;
      checked++;
    }
    if (page.length < pageSize) break;
  }
  if (next <= head.lastSeq) return truncated(checked, next, head);
  if (prevHash !== head.lastHash) {
    return { ok: false, checked, badSeq: head.lastSeq, problem: "rebuilt", reason: `row ${head.lastSeq} does not match the head checkpoint's last hash: the rows before the seal were rebuilt` };
  }
  return { ok: true, checked, lastSeq: head.lastSeq, head: prevHash };
}
