import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { OPERATION_FIELDS, OPERATIONS } from './actions';

/**
 * minnow's actions: every send still goes through minnow's policy decision (consent, quiet hours,
 * caps), and each write takes an optional idempotency key so a retried execution acts once.
 */
export class Minnow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Minnow',
		name: 'minnow',
		icon: 'file:minnow.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send patient texts, fill the waitlist, record consent and read events in minnow',
		defaults: {
			name: 'Minnow',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'minnowApi',
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Consent', value: 'consent' },
					{ name: 'Event', value: 'event' },
					{ name: 'Message', value: 'message' },
					{ name: 'Sync', value: 'sync' },
					{ name: 'Waitlist', value: 'waitlist' },
				],
				default: 'message',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['consent'] } },
				options: [{ name: 'Record', value: 'record', action: 'Record a consent', description: "Record a patient's consent to texts, with its source and evidence" }],
				default: 'record',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['event'] } },
				options: [{ name: 'Get Many', value: 'getAll', action: 'Get many events', description: 'List recent events, newest first (IDs, type, time and opaque references)' }],
				default: 'getAll',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['message'] } },
				options: [{ name: 'Send', value: 'send', action: 'Send a text', description: "Text a patient one of minnow's templates, if consent, quiet hours and caps allow" }],
				default: 'send',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['sync'] } },
				options: [{ name: 'Start', value: 'start', action: 'Start a sync now', description: 'Pull appointments and balances from the EHR and scheduler now' }],
				default: 'start',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['waitlist'] } },
				options: [{ name: 'Add', value: 'add', action: 'Add a patient to the waitlist', description: 'Put a patient on the waitlist for a period, to be offered freed slots' }],
				default: 'add',
			},
			...OPERATION_FIELDS,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const resource = this.getNodeParameter('resource', i) as string;
				const operation = this.getNodeParameter('operation', i) as string;
				const op = OPERATIONS[resource]?.[operation];
				if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, { itemIndex: i });
				const result: IDataObject | IDataObject[] = await op.execute.call(this, i);
				returnData.push(...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), { itemData: { item: i } }));
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [returnData];
	}
}
