import { readPhoneConsentState } from "../../messaging/inbound/phone-consent-state.js";
import type { Services } from "../../runtime/services.js";
import { conversationMessages, type ConversationMessage } from "../../store/conversation-messages.js";
import { readInboundContent } from "../../store/inbound-messages.js";
import { listStaff } from "../../store/staff-accounts.js";
import { inboxItemsOnPhone, listInboxItems, type InboxItem } from "../../store/staff-inbox.js";
import { staffRepliesForPhone, type StaffReply } from "../../store/staff-replies.js";
import { patientName, readPatients } from "./ehr-directory.js";
import { readStanding, type PatientStanding } from "./patient-standing.js";

/**
 * The inbox as staff see it: conversations (every item on one phone) that need a person, newest
 * first, and one conversation's whole thread. Who a phone belongs to comes from minnow's contacts
 * and consent ledger; names come from the EHR when the page is drawn.
 */
export interface ConversationSummary {
  href: string;
  who: string;
  intent: string | null;
  lastAt: Date;
  open: number;
  unread: number;
  assignedTo: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export interface NamedPatient {
  ref: string;
  name: string;
}

/** Everyone minnow knows on a phone; two records with one name are told apart by birth date. */
async function whoIsOn(services: Services, phoneIdx: string): Promise<NamedPatient[]> {
  const state = await readPhoneConsentState(services, phoneIdx);
  const patients = await readPatients(services, state.patientRefs);
  const named = state.patientRefs.map((ref) => ({ ref, name: patientName(patients.get(ref)), born: patients.get(ref)?.birthDate }));
  return named.map((p) => ({ ref: p.ref, name: named.filter((o) => o.name === p.name).length > 1 && p.born ? `${p.name} (born ${p.born})` : p.name }));
}

export async function staffEmails(services: Services): Promise<Map<string, string>> {
  return new Map((await listStaff(services.store)).map((s) => [s.id, s.email]));
}

function describe(patients: readonly NamedPatient[]): string {
  if (patients.length === 0) return "A number minnow does not know";
  return patients.map((p) => p.name).join(" and ");
}

export async function inboxList(services: Services, resolved: boolean): Promise<ConversationSummary[]> {
  const items = await listInboxItems(services.store, { resolved });
  const byPhone = new Map<string, InboxItem[]>();
  for (const item of items) byPhone.set(item.phoneIdx, [...(byPhone.get(item.phoneIdx) ?? []), item]);
  const emails = await staffEmails(services);
  const summaries: ConversationSummary[] = [];
  for (const [phoneIdx, list] of byPhone) {
    const [latest] = list;
    if (!latest) continue;
    summaries.push({
      href: `/inbox/${latest.inboundId}`,
      who: describe(await whoIsOn(services, phoneIdx)),
      intent: latest.intent,
      lastAt: latest.receivedAt,
      open: list.filter((i) => !i.resolvedAt).length,
      unread: list.filter((i) => !i.resolvedAt && !i.readAt).length,
      assignedTo: latest.assignedTo ? (emails.get(latest.assignedTo) ?? "a former colleague") : null,
      resolvedAt: latest.resolvedAt,
      resolvedBy: latest.resolvedBy ? (emails.get(latest.resolvedBy) ?? "a former colleague") : null,
    });
  }
  return summaries;
}

export interface ThreadView {
  anchor: InboxItem;
  phoneIdx: string;
  patients: NamedPatient[];
  standings: PatientStanding[];
  numberEnding: string;
  messages: ConversationMessage[];
  items: InboxItem[];
  open: InboxItem[];
  replies: Array<StaffReply & { text: string | null }>;
  assignedTo: string | null;
}

export async function inboxThread(services: Services, inboundId: string): Promise<ThreadView | null> {
  const content = await readInboundContent(services.store, services.crypto, inboundId);
  if (!content) return null;
  const phoneIdx = services.crypto.index.phone(content.phone);
  const items = await inboxItemsOnPhone(services.store, phoneIdx);
  const anchor = items.find((i) => i.inboundId === inboundId);
  if (!anchor) return null;
  const patients = await whoIsOn(services, phoneIdx);
  const standings = await Promise.all(patients.map((p) => readStanding(services, p.ref)));
  const open = items.filter((i) => !i.resolvedAt);
  return {
    anchor,
    phoneIdx,
    patients,
    standings,
    numberEnding: content.phone.slice(-4),
    messages: await conversationMessages(services.store, services.crypto, phoneIdx),
    items,
    open,
    replies: await staffRepliesForPhone(services.store, services.crypto, phoneIdx),
    assignedTo: (open.at(-1) ?? anchor).assignedTo,
  };
}
