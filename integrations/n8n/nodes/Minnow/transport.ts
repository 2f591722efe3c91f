import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

type MinnowContext = IExecuteFunctions | IHookFunctions;

interface FullResponse {
	statusCode: number;
	body: unknown;
}

/** minnow answers errors as `{ error: { status, message } }`. */
function minnowMessage(body: unknown, statusCode: number): string {
	const error = typeof body === 'object' && body !== null ? (body as { error?: { message?: unknown } }).error : undefined;
	return typeof error?.message === 'string' ? error.message : `HTTP ${statusCode}`;
}

/**
 * One call to minnow's automation API with the node's credentials. An error answer becomes a
 * NodeApiError that says what minnow said (a 401 also says how to make a key).
 */
export async function minnowRequest(
	this: MinnowContext,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject; qs?: IDataObject; idempotencyKey?: string } = {},
): Promise<IDataObject> {
	const credentials = await this.getCredentials('minnowApi');
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}/api${path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {},
		...(options.body ? { body: options.body } : {}),
		...(options.qs ? { qs: options.qs } : {}),
	};
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'minnowApi', request)) as FullResponse;
	if (response.statusCode < 400) return response.body as IDataObject;
	const message = minnowMessage(response.body, response.statusCode);
	const hint = response.statusCode === 401 ? ' Check the API key in the Minnow API credential (`npx minnow api-key create --scope write`).' : '';
	throw new NodeApiError(this.getNode(), (response.body ?? {}) as JsonObject, {
		message: `minnow answered ${response.statusCode}: ${message}${hint}`,
		httpCode: String(response.statusCode),
	});
}
