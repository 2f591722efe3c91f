/** minnow's actions as Zapier creates, one per file. Running or simulating a recipe is one more file here. */
import { addToWaitlist } from "./add-to-waitlist.js";
import { recordConsent } from "./record-consent.js";
import { sendMessage } from "./send-message.js";
import { syncNow } from "./sync-now.js";

export const creates = [sendMessage, addToWaitlist, recordConsent, syncNow];
