import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** A minnow server and an API key for its automation API (`/api`). */
export class MinnowApi implements ICredentialType {
	name = 'minnowApi';

	displayName = 'Minnow API';

	icon = 'file:../nodes/Minnow/minnow.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-minnow#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://minnow.example-clinic.org',
			description: 'Where your minnow server answers, without /api',
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'A key from `npx minnow api-key create --scope write`',
			required: true,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-Key': '={{$credentials.apiKey}}',
			},
		},
	};

	// The event types are a small read with no patient data in it.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/event-types',
		},
	};
}
