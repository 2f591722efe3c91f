import type { IExecuteFunctions } from 'n8n-workflow';
import { minnowRequest } from '../transport';
import { shownUnder, idempotencyKey, idempotencyKeyField, patientRefField, type MinnowOperation } from './operation';

const show = { resource: ['message'], operation: ['send'] };

/** The answer says what policy decided: sent, deferred (with when), denied or failed, with reasons. */
export const sendMessage: MinnowOperation = {
	fields: shownUnder(show, [
		patientRefField,
		{
			displayName: 'Template',
			name: 'templateId',
			type: 'options',
			required: true,
			default: 'appointment-reminder',
			options: [
				{ name: 'Appointment Reminder', value: 'appointment-reminder' },
				{ name: 'How to Reschedule', value: 'reschedule-instructions' },
				{ name: 'Payment Reminder', value: 'payment-reminder' },
			],
		},
		{
			displayName: 'About',
			name: 'subjectRef',
			type: 'string',
			default: '',
			placeholder: 'Appointment/456',
			description: 'Optional: the appointment or invoice the text is about, for the audit log',
		},
		idempotencyKeyField,
	]),
	async execute(this: IExecuteFunctions, i: number) {
		const subjectRef = this.getNodeParameter('subjectRef', i, '') as string;
		const body = {
			patientRef: this.getNodeParameter('patientRef', i) as string,
			templateId: this.getNodeParameter('templateId', i) as string,
			...(subjectRef ? { subjectRef } : {}),
		};
		return minnowRequest.call(this, 'POST', '/actions/send-message', { body, idempotencyKey: idempotencyKey.call(this, i) });
	},
};
