/**
 * The slice of n8n's runtime the minnow nodes use, typed with n8n-workflow's interfaces: node
 * parameters, credentials, workflow static data, and httpRequestWithAuthentication applying the
 * credential's own `authenticate` headers. n8n's own node tests stub these contexts the same way.
 */
import { createRequire } from 'node:module';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import type { MinnowApi as MinnowApiType } from '../dist/credentials/MinnowApi.credentials.js';
import type { Minnow as MinnowType } from '../dist/nodes/Minnow/Minnow.node.js';
import type { MinnowTrigger as MinnowTriggerType } from '../dist/nodes/MinnowTrigger/MinnowTrigger.node.js';

// The built package, loaded the way n8n loads community nodes: require() of the files in package.json "n8n".
const require = createRequire(import.meta.url);
export const { MinnowApi } = require('../dist/credentials/MinnowApi.credentials.js') as { MinnowApi: typeof MinnowApiType };
export const { Minnow } = require('../dist/nodes/Minnow/Minnow.node.js') as { Minnow: typeof MinnowType };
export const { MinnowTrigger } = require('../dist/nodes/MinnowTrigger/MinnowTrigger.node.js') as { MinnowTrigger: typeof MinnowTriggerType };

const NODE: INode = { id: 'node-1', name: 'Minnow', type: 'n8n-nodes-minnow.minnow', typeVersion: 1, position: [0, 0], parameters: {} };

/** The credential's header values are `={{$credentials.<field>}}`; that is the one expression form resolved here. */
function credentialValue(template: string, credentials: ICredentialDataDecryptedObject): string {
	const match = /^=\{\{\$credentials\.(\w+)\}\}$/.exec(template);
	if (!match?.[1]) throw new Error(`The test runtime does not evaluate ${template}`);
	return String(credentials[match[1]] ?? '');
}

export async function httpRequestWithCredential(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions): Promise<unknown> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = String(value);
	for (const [name, value] of Object.entries(new MinnowApi().authenticate.properties.headers ?? {})) headers[name] = credentialValue(String(value), credentials);
	const url = new URL(options.baseURL ? `${options.baseURL.replace(/\/+$/, '')}/${options.url.replace(/^\/+/, '')}` : options.url);
	for (const [key, value] of Object.entries(options.qs ?? {})) url.searchParams.set(key, String(value));
	const hasBody = options.body !== undefined;
	const res = await fetch(url, {
		method: options.method ?? 'GET',
		headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
		...(hasBody ? { body: JSON.stringify(options.body) } : {}),
	});
	const text = await res.text();
	const body: unknown = text ? JSON.parse(text) : undefined;
	if (!options.ignoreHttpStatusErrors && res.status >= 400) throw Object.assign(new Error(`Request failed with status code ${res.status}`), { httpCode: String(res.status), body });
	return options.returnFullResponse ? { body, headers: Object.fromEntries(res.headers), statusCode: res.status, statusMessage: res.statusText } : body;
}

export const returnJsonArray = (data: IDataObject | IDataObject[]): INodeExecutionData[] => (Array.isArray(data) ? data : [data]).map((json) => ({ json }));

interface Common {
	credentials: ICredentialDataDecryptedObject;
}

function base({ credentials }: Common) {
	return {
		getNode: () => NODE,
		getCredentials: async (type: string) => {
			if (type !== 'minnowApi') throw new Error(`No credential of type ${type}`);
			return credentials;
		},
	};
}

/** An execution of the action node over `items`, each with its own parameters. */
export function executeContext(opts: Common & { items: IDataObject[]; continueOnFail?: boolean }): IExecuteFunctions {
	const context = {
		...base(opts),
		getInputData: () => opts.items.map(() => ({ json: {} })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const params = opts.items[itemIndex] ?? {};
			if (name in params) return params[name];
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		continueOnFail: () => opts.continueOnFail ?? false,
		helpers: {
			httpRequestWithAuthentication: (_type: string, options: IHttpRequestOptions) => httpRequestWithCredential(opts.credentials, options),
			returnJsonArray,
			constructExecutionMetaData: (items: INodeExecutionData[], meta: { itemData: { item: number } }) => items.map((item) => ({ ...item, pairedItem: meta.itemData })),
		},
	};
	return context as unknown as IExecuteFunctions;
}

/** The activation (and deactivation) of a trigger node whose webhook answers at `webhookUrl`. */
export function hookContext(opts: Common & { event: string; webhookUrl: string; staticData: IDataObject }): IHookFunctions {
	const context = {
		...base(opts),
		getWorkflowStaticData: () => opts.staticData,
		getNodeWebhookUrl: () => opts.webhookUrl,
		getNodeParameter: (name: string) => {
			if (name === 'event') return opts.event;
			throw new Error(`Could not get parameter "${name}"`);
		},
		helpers: { httpRequestWithAuthentication: (_type: string, options: IHttpRequestOptions) => httpRequestWithCredential(opts.credentials, options) },
	};
	return context as unknown as IHookFunctions;
}
