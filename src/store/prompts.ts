/**
 * Open prompts: what a patient phone was last asked, by which sender, so a reply
 * can be routed to the right workflow. Several can be open on one phone (a shared
 * family phone with two appointments); routing decides, the store just lists them.
 */
import type { PromptKind, PromptsTable } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import { parseJsonColumn } from "./json-column.js";
import { prepared } from "./prepared-query.js";

export interface PromptInput {
  phoneIdx: string;
  sender: string;
  patientRef: string;
  kind: PromptKind;
  subjectRef: string;
  /** Reply intents that answer this prompt, e.g. ["confirm", "reschedule", "decline"]. */
  expecting: string[];
  /** The engine signal key the waiting workflow listens on; unique per prompt. */
  signalKey: string;
  expiresAt: Date;
}

export interface Prompt extends Omit<PromptInput, "expiresAt"> {
  id: string;
  openedAt: Date;
  expiresAt: Date;
  closedAt: Date | null;
}

function toPrompt(row: PromptsTable): Prompt {
  return {
    id: row.id,
    phoneIdx: row.phone_idx,
    sender: row.sender,
    patientRef: row.patient_ref,
    kind: row.kind,
    subjectRef: row.subject_ref,
    expecting: parseJsonColumn<string[]>(row.expecting, "prompts.expecting"),
    signalKey: row.signal_key,
    openedAt: new Date(Number(row.opened_at)),
    expiresAt: new Date(Number(row.expires_at)),
    closedAt: row.closed_at == null ? null : new Date(Number(row.closed_at)),
  };
}

const insertPrompt = prepared((db, v: Omit<PromptsTable, "closed_at">) =>
  db
    .insertInto("prompts")
    .values({
      id: v.id,
      phone_idx: v.phone_idx,
      sender: v.sender,
      patient_ref: v.patient_ref,
      kind: v.kind,
      subject_ref: v.subject_ref,
      expecting: v.expecting,
      signal_key: v.signal_key,
      opened_at: v.opened_at,
      expires_at: v.expires_at,
      closed_at: null,
    })
    .onConflict((oc) => oc.column("signal_key").doNothing())
    .returning("id"),
);

const selectBySignalKey = prepared((db, v: { signalKey: string }) => db.selectFrom("prompts").select("id").where("signal_key", "=", v.signalKey));

/** Opens a prompt; idempotent on signalKey, so a replayed workflow step reopens nothing. Returns its id. */
export async function openPrompt(store: Store, input: PromptInput, now = new Date()): Promise<string> {
  const { rows: opened } = await insertPrompt.execute(store.db, {
    id: newId("prm", now.getTime()),
    phone_idx: input.phoneIdx,
    sender: input.sender,
    patient_ref: input.patientRef,
    kind: input.kind,
    subject_ref: input.subjectRef,
    expecting: JSON.stringify(input.expecting),
    signal_key: input.signalKey,
    opened_at: now.getTime(),
    expires_at: input.expiresAt.getTime(),
  });
  if (opened[0]) return opened[0].id;
  const { rows } = await selectBySignalKey.execute(store.db, { signalKey: input.signalKey });
  if (!rows[0]) throw new Error("A prompt conflicted on its signal key but cannot be read back; retry the step.");
  return rows[0].id;
}

/** Prompts still awaiting a reply on this phone from this sender, oldest first. */
export async function listOpenPrompts(store: Store, phoneIdx: string, sender: string, now = new Date()): Promise<Prompt[]> {
  const rows = await store.db
    .selectFrom("prompts")
    .selectAll()
    .where("phone_idx", "=", phoneIdx)
    .where("sender", "=", sender)
    .where("closed_at", "is", null)
    .where("expires_at", ">", now.getTime())
    .orderBy("opened_at")
    .orderBy("id")
    .execute();
  return rows.map(toPrompt);
}

function openRemindersAbout(keeping: boolean) {
  return prepared((db, v: { subjectRef: string; keepSignalKey: string }) => {
    const open = db.selectFrom("prompts").select(["signal_key", "patient_ref"]).where("subject_ref", "=", v.subjectRef).where("kind", "=", "reminder").where("closed_at", "is", null);
    return keeping ? open.where("signal_key", "!=", v.keepSignalKey) : open;
  });
}

const openReminders = openRemindersAbout(false);
const otherOpenReminders = openRemindersAbout(true);

/** The open reminder questions about an appointment: all of them, or all but the one under `keepSignalKey`. */
export async function listOpenReminderPrompts(store: Store, subjectRef: string, keepSignalKey?: string): Promise<Array<{ signalKey: string; patientRef: string }>> {
  const query = keepSignalKey ? otherOpenReminders : openReminders;
  const { rows } = await query.execute(store.db, { subjectRef, keepSignalKey: keepSignalKey ?? "" });
  return rows.map((row) => ({ signalKey: row.signal_key, patientRef: row.patient_ref }));
}

/** Closes a prompt by its signal key; true only for the call that closed it. */
export async function closePrompt(store: Store, signalKey: string, now = new Date()): Promise<boolean> {
  const result = await store.db.updateTable("prompts").set({ closed_at: now.getTime() }).where("signal_key", "=", signalKey).where("closed_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Closes every open prompt on a phone (after STOP nothing is awaiting an answer). */
export async function closePromptsForPhone(store: Store, phoneIdx: string, now = new Date()): Promise<number> {
  const result = await store.db.updateTable("prompts").set({ closed_at: now.getTime() }).where("phone_idx", "=", phoneIdx).where("closed_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
