import { createHmac } from "node:crypto";

/**
 * Acuity has no patient id: a client is whoever booked, identified by name, phone and e-mail.
 * minnow needs a stable patient ref that is safe to log and store, so the ref is a keyed hash
 * (HMAC-SHA256) of the normalized name and phone. A plain hash of a phone number could be reversed
 * by trying every number; the key prevents that. Name is included because family members often
 * share one phone and must stay distinct patients.
 */
export function acuityClientRef(key: string, parts: { firstName?: string; lastName?: string; phone: string }): string {
  if (!key) throw new Error("acuityClientRef needs a non-empty key; pass a stable secret such as MINNOW_DATA_KEY.");
  const normalize = (value: string | undefined) => (value ?? "").normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
  const material = ["acuity-client-v1", normalize(parts.firstName), normalize(parts.lastName), parts.phone].join("\u001f");
  return `acuity-client:${createHmac("sha256", key).update(material).digest("base64url").slice(0, 22)}`;
}
