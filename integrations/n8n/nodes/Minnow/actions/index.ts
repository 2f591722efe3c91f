import type { MinnowOperation } from './operation';
import { addToWaitlist } from './add-to-waitlist';
import { listEvents } from './list-events';
import { recordConsent } from './record-consent';
import { sendMessage } from './send-message';
import { syncNow } from './sync-now';

/** Every operation, by resource and operation. Recipes (run, simulate) join here once minnow has them. */
export const OPERATIONS: Record<string, Record<string, MinnowOperation>> = {
	consent: { record: recordConsent },
	event: { getAll: listEvents },
	message: { send: sendMessage },
	sync: { start: syncNow },
	waitlist: { add: addToWaitlist },
};

export const OPERATION_FIELDS = Object.values(OPERATIONS).flatMap((byOperation) => Object.values(byOperation).flatMap((op) => op.fields));
