import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * One operation of the minnow node: the fields it shows (under its resource and operation) and
 * what it sends to minnow. Adding one (a recipe run, a recipe simulation) is a file like the
 * others here, an entry in actions/index.ts and a menu line in Minnow.node.ts.
 */
export interface MinnowOperation {
	fields: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

/** The fields, each shown under one operation only. */
export function shownUnder(show: { resource: string[]; operation: string[] }, fields: INodeProperties[]): INodeProperties[] {
	return fields.map((field) => ({ ...field, displayOptions: { show } }));
}

export const idempotencyKeyField: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	description: 'Optional. minnow acts once per key, so a retried execution does nothing twice; map the triggering event ID here.',
};

export const patientRefField: INodeProperties = {
	displayName: 'Patient',
	name: 'patientRef',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'Patient/123',
	description: "The patient's reference (never a name or phone)",
};

export function idempotencyKey(this: IExecuteFunctions, itemIndex: number): string | undefined {
	const key = (this.getNodeParameter('idempotencyKey', itemIndex, '') as string).trim();
	return key || undefined;
}
