import type { IHttpRequestOptions } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandbox, type Sandbox } from '../../test-kit/sandbox.js';
import { httpRequestWithCredential, MinnowApi } from './n8n-context.js';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await openSandbox();
});
afterAll(() => sandbox.dispose());

/** n8n's "Test" button: the credential's own test request, with its baseURL resolved from the credential. */
function credentialTest(apiKey: string, baseUrl = sandbox.baseUrl) {
	const { request } = new MinnowApi().test;
	const options: IHttpRequestOptions = { url: request.url ?? '', baseURL: request.baseURL?.replace('={{$credentials.baseUrl}}', baseUrl), json: true, returnFullResponse: true, ignoreHttpStatusErrors: true };
	return httpRequestWithCredential({ baseUrl, apiKey }, options) as Promise<{ statusCode: number; body: { types?: unknown[] } }>;
}

describe('Minnow API credential against a running minnow', () => {
	it("passes n8n's credential test with a good key (a trailing slash in the URL too)", async () => {
		for (const baseUrl of [sandbox.baseUrl, `${sandbox.baseUrl}/`]) {
			const answer = await credentialTest(sandbox.apiKey, baseUrl);
			expect(answer.statusCode).toBe(200);
			expect(answer.body.types?.length).toBeGreaterThan(5);
		}
	});

	it('fails it with a bad key: minnow answers 401', async () => {
		expect((await credentialTest('not-a-real-key')).statusCode).toBe(401);
	});
});
