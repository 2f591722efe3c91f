import type { IExecuteFunctions } from 'n8n-workflow';
import { minnowRequest } from '../transport';
import { shownUnder, idempotencyKey, idempotencyKeyField, type MinnowOperation } from './operation';

const show = { resource: ['sync'], operation: ['start'] };

export const syncNow: MinnowOperation = {
	fields: shownUnder(show, [idempotencyKeyField]),
	async execute(this: IExecuteFunctions, i: number) {
		return minnowRequest.call(this, 'POST', '/actions/sync-now', { idempotencyKey: idempotencyKey.call(this, i) });
	},
};
