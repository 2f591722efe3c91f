import type { IExecuteFunctions } from 'n8n-workflow';
import { minnowRequest } from '../transport';
import { shownUnder, idempotencyKey, idempotencyKeyField, patientRefField, type MinnowOperation } from './operation';

const show = { resource: ['consent'], operation: ['record'] };

export const recordConsent: MinnowOperation = {
	fields: shownUnder(show, [
		patientRefField,
		{ displayName: 'Mobile Phone', name: 'phone', type: 'string', required: true, default: '', placeholder: '+13125550100', description: 'In E.164 form' },
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'multiOptions',
			required: true,
			default: ['appointment'],
			options: [
				{ name: 'Announcements', value: 'broadcast' },
				{ name: 'Appointments', value: 'appointment' },
				{ name: 'Billing', value: 'billing' },
				{ name: 'Waitlist Offers', value: 'waitlist' },
			],
		},
		{
			displayName: 'Detail Allowed',
			name: 'phiLevel',
			type: 'options',
			default: 'none',
			options: [
				{ name: 'Minimal (First Name, Date and Time)', value: 'minimal' },
				{ name: 'None (No Appointment Details)', value: 'none' },
			],
		},
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			default: 'web-form',
			options: [
				{ name: 'Paper Form', value: 'paper' },
				{ name: 'Verbal', value: 'verbal' },
				{ name: 'Web Form', value: 'web-form' },
			],
		},
		{ displayName: 'Evidence', name: 'evidence', type: 'string', default: '', placeholder: 'Intake form v3', description: 'Where the consent is documented' },
		{ displayName: 'Captured By', name: 'capturedBy', type: 'string', default: '', description: 'Who took a verbal consent (required for verbal)' },
		idempotencyKeyField,
	]),
	async execute(this: IExecuteFunctions, i: number) {
		const evidence = this.getNodeParameter('evidence', i, '') as string;
		const capturedBy = this.getNodeParameter('capturedBy', i, '') as string;
		const body = {
			patientRef: this.getNodeParameter('patientRef', i) as string,
			phone: this.getNodeParameter('phone', i) as string,
			scopes: this.getNodeParameter('scopes', i) as string[],
			phiLevel: this.getNodeParameter('phiLevel', i) as string,
			source: this.getNodeParameter('source', i) as string,
			...(evidence ? { evidence } : {}),
			...(capturedBy ? { capturedBy } : {}),
		};
		return minnowRequest.call(this, 'POST', '/actions/record-consent', { body, idempotencyKey: idempotencyKey.call(this, i) });
	},
};
