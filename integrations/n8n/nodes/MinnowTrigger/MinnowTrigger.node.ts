import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { minnowRequest } from '../Minnow/transport';
import { EVENT_TYPE_OPTIONS } from './event-types';
import { checkSignature } from './signature';

const isNotFound = (error: unknown): boolean => (error as { httpCode?: string }).httpCode === '404';

interface HookState {
	hookId?: string;
	secret?: string;
}

/**
 * Starts a workflow on a minnow event. Activating the workflow subscribes a minnow REST hook to
 * this node's webhook URL (minnow returns the hook's secret once; it stays in the workflow's static
 * data); deactivating unsubscribes it. Every delivery's signature is checked before anything runs.
 */
// A trigger starts workflows; it cannot be called as an AI tool, so it declares no usableAsTool.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class MinnowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Minnow Trigger',
		name: 'minnowTrigger',
		icon: 'file:minnow.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when minnow records an event (a reply, a cancellation, a filled slot)',
		defaults: {
			name: 'Minnow Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'minnowApi',
				required: true,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				required: true,
				default: 'appointment.confirmed',
				options: EVENT_TYPE_OPTIONS,
				description: 'The minnow event that starts the workflow',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				if (!state.hookId || !state.secret) return false;
				try {
					const hook = await minnowRequest.call(this, 'GET', `/hooks/${encodeURIComponent(state.hookId)}`);
					if (hook.status === 'active' && hook.targetUrl === this.getNodeWebhookUrl('default') && hook.event === this.getNodeParameter('event')) return true;
				} catch (error) {
					// A hook minnow no longer has is subscribed anew; any other failure is the user's to see.
					if (!isNotFound(error)) throw error;
				}
				delete state.hookId;
				delete state.secret;
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				const event = this.getNodeParameter('event') as string;
				const targetUrl = this.getNodeWebhookUrl('default');
				const hook = await minnowRequest.call(this, 'POST', '/hooks', { body: { event, targetUrl } });
				state.hookId = String(hook.id);
				state.secret = String(hook.secret);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				if (state.hookId) {
					try {
						await minnowRequest.call(this, 'DELETE', `/hooks/${encodeURIComponent(state.hookId)}`);
					} catch (error) {
						if (!isNotFound(error)) throw error;
					}
				}
				delete state.hookId;
				delete state.secret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as HookState;
		const request = this.getRequestObject() as { rawBody?: Buffer };
		const headers = this.getHeaderData();
		const header = (name: string) => {
			const value = headers[name];
			return Array.isArray(value) ? value[0] : value;
		};
		const check = !state.secret
			? ({ ok: false, reason: 'this trigger holds no hook secret (deactivate and activate the workflow)' } as const)
			: !request.rawBody
				? ({ ok: false, reason: 'the raw request body is missing' } as const)
				: checkSignature({ secret: state.secret, rawBody: request.rawBody, timestamp: header('x-minnow-timestamp'), signature: header('x-minnow-signature'), nowSeconds: Math.floor(Date.now() / 1000) });
		if (!check.ok) {
			// Not from minnow (or replayed): refuse it and start nothing.
			this.getResponseObject().status(401).json({ error: `Refused: ${check.reason}` });
			return { noWebhookResponse: true };
		}
		return { workflowData: [this.helpers.returnJsonArray(this.getBodyData() as IDataObject)] };
	}
}
