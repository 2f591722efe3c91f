/**
 * What n8n does with a trigger's webhook: an HTTP endpoint at the node's webhook URL that hands
 * each request (raw body kept, as n8n keeps it) to the node's `webhook` method, answers as the
 * node says, and records the workflow runs the node started.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { MinnowTrigger, returnJsonArray } from './n8n-context.js';

export interface WebhookEndpoint {
	/** The node's production webhook URL, as n8n shows it: <base>/webhook/<webhookId>/webhook. */
	url: string;
	/** The JSON of each item the trigger emitted, one entry per started run. */
	runs: IDataObject[][];
	/** Status codes answered, in order. */
	statuses: number[];
	staticData: IDataObject;
	close(): Promise<void>;
}

function expressLike(res: ServerResponse, statuses: number[]) {
	let code = 200;
	const response = {
		status(status: number) {
			code = status;
			return response;
		},
		json(body: unknown) {
			statuses.push(code);
			res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			return response;
		},
	};
	return response;
}

export async function startWebhookEndpoint(staticData: IDataObject = {}): Promise<WebhookEndpoint> {
	const runs: IDataObject[][] = [];
	const statuses: number[] = [];
	const trigger = new MinnowTrigger();
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks);
			let body: IDataObject = {};
			try {
				body = JSON.parse(rawBody.toString('utf8')) as IDataObject;
			} catch {
				// n8n would hand the node an empty body too.
			}
			const context = {
				getWorkflowStaticData: () => staticData,
				getRequestObject: () => ({ headers: req.headers, body, rawBody }),
				getHeaderData: () => req.headers,
				getBodyData: () => body,
				getResponseObject: () => expressLike(res, statuses),
				helpers: { returnJsonArray },
			} as unknown as IWebhookFunctions;
			trigger
				.webhook.call(context)
				.then((result) => {
					if (result.noWebhookResponse) return;
					const items = (result.workflowData?.[0] ?? []) as INodeExecutionData[];
					runs.push(items.map((item) => item.json));
					statuses.push(200);
					res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"Workflow was started"}');
				})
				.catch(() => {
					statuses.push(500);
					res.writeHead(500).end();
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/${randomUUID()}/webhook`,
		runs,
		statuses,
		staticData,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
