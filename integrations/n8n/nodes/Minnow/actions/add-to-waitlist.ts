import type { IExecuteFunctions } from 'n8n-workflow';
import { minnowRequest } from '../transport';
import { shownUnder, idempotencyKey, idempotencyKeyField, patientRefField, type MinnowOperation } from './operation';

const show = { resource: ['waitlist'], operation: ['add'] };

export const addToWaitlist: MinnowOperation = {
	fields: shownUnder(show, [
		patientRefField,
		{ displayName: 'From', name: 'requestedStart', type: 'dateTime', required: true, default: '' },
		{ displayName: 'Until', name: 'requestedEnd', type: 'dateTime', required: true, default: '' },
		{ displayName: 'Priority', name: 'priority', type: 'number', typeOptions: { minValue: 1, maxValue: 9 }, default: 5, description: '1 is the most urgent' },
		idempotencyKeyField,
	]),
	async execute(this: IExecuteFunctions, i: number) {
		const body = {
			patientRef: this.getNodeParameter('patientRef', i) as string,
			requestedStart: new Date(this.getNodeParameter('requestedStart', i) as string).toISOString(),
			requestedEnd: new Date(this.getNodeParameter('requestedEnd', i) as string).toISOString(),
			priority: this.getNodeParameter('priority', i, 5) as number,
		};
		return minnowRequest.call(this, 'POST', '/actions/add-to-waitlist', { body, idempotencyKey: idempotencyKey.call(this, i) });
	},
};
