import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { EVENT_TYPE_OPTIONS } from '../../MinnowTrigger/event-types';
import { minnowRequest } from '../transport';
import { shownUnder, type MinnowOperation } from './operation';

const show = { resource: ['event'], operation: ['getAll'] };

export const listEvents: MinnowOperation = {
	fields: shownUnder(show, [
		{
			displayName: 'Event Type',
			name: 'type',
			type: 'options',
			default: '',
			options: [{ name: 'Any', value: '' }, ...EVENT_TYPE_OPTIONS],
			description: 'Only events of this type',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 50,
			description: 'Max number of results to return',
		},
	]),
	async execute(this: IExecuteFunctions, i: number) {
		const type = this.getNodeParameter('type', i, '') as string;
		const limit = this.getNodeParameter('limit', i, 50) as number;
		const answer = await minnowRequest.call(this, 'GET', '/events', { qs: { limit, ...(type ? { type } : {}) } });
		return answer.events as IDataObject[];
	},
};
