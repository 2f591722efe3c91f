import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../tests/cli/run-cli.js';
import { tempDir, type TempDir } from '../../../tests/runtime/helpers.js';
import { at, BASE, createAppointment, createPatient, hours, updateAppointment } from '../../../tests/workflows/helpers/scenario.js';
import { produceTriggerEvents } from '../../test-kit/real-events.js';
import { openSandbox, type Sandbox } from '../../test-kit/sandbox.js';
import { hookContext, MinnowTrigger } from './n8n-context.js';
import { startWebhookEndpoint, type WebhookEndpoint } from './webhook-server.js';

const EVENT = 'waitlist.expired';
let sandbox: Sandbox;
/** An n8n inside the BAA (its URL attested) and one outside it, each with one active Minnow Trigger. */
let inside: WebhookEndpoint;
let outside: WebhookEndpoint;
let config: TempDir;
let configPath: string;

const trigger = new MinnowTrigger();
const credentials = () => ({ baseUrl: sandbox.baseUrl, apiKey: sandbox.apiKey });
const hooks = (endpoint: WebhookEndpoint, event = EVENT) => hookContext({ credentials: credentials(), event, webhookUrl: endpoint.url, staticData: endpoint.staticData });

async function readHook(id: unknown): Promise<IDataObject> {
	const res = await fetch(`${sandbox.baseUrl}/api/hooks/${String(id)}`, { headers: { 'x-api-key': sandbox.apiKey } });
	return (await res.json()) as IDataObject;
}

function signedPost(endpoint: WebhookEndpoint, body: string, opts: { secret?: string; timestamp?: number; signature?: string } = {}) {
	const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
	const secret = opts.secret ?? String(endpoint.staticData.secret);
	const signature = opts.signature ?? 'v1=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
	return fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-minnow-timestamp': String(timestamp), 'x-minnow-signature': signature }, body });
}

beforeAll(async () => {
	inside = await startWebhookEndpoint();
	outside = await startWebhookEndpoint();
	const practice = { hooks: { allowPrivateTargets: true, attestedDestinations: [inside.url] } };
	sandbox = await openSandbox(practice);
	config = tempDir('minnow-n8n-');
	configPath = config.writeConfig(practice);
	expect(await trigger.webhookMethods.default.create.call(hooks(inside))).toBe(true);
	expect(await trigger.webhookMethods.default.create.call(hooks(outside))).toBe(true);
	await produceTriggerEvents(sandbox.stack);
	await sandbox.deliverHooks();
}, 120_000);
afterAll(async () => {
	await sandbox.dispose();
	await inside.close();
	await outside.close();
	config.cleanup();
});

describe('Minnow Trigger against a running minnow', () => {
	it("offers exactly minnow's event types as options", async () => {
		const res = await fetch(`${sandbox.baseUrl}/api/event-types`, { headers: { 'x-api-key': sandbox.apiKey } });
		const { types } = (await res.json()) as { types: Array<{ type: string }> };
		const options = trigger.description.properties.find((p) => p.name === 'event')?.options as Array<{ value: string }>;
		expect(options.map((o) => o.value).sort()).toEqual(types.map((t) => t.type).sort());
	});

	it("activation registers a hook at the node's webhook URL, attested only for the n8n inside the BAA", async () => {
		expect(await readHook(inside.staticData.hookId)).toMatchObject({ event: EVENT, targetUrl: inside.url, status: 'active', destination: 'attested' });
		expect(await readHook(outside.staticData.hookId)).toMatchObject({ event: EVENT, targetUrl: outside.url, status: 'active', destination: 'outside' });
		expect(String(inside.staticData.secret).length).toBeGreaterThan(20);
		expect(await trigger.webhookMethods.default.checkExists.call(hooks(inside))).toBe(true);
		// Another event on the same URL is not this hook: n8n subscribes anew (a copy, to keep the real state).
		const copy = hookContext({ credentials: credentials(), event: 'appointment.confirmed', webhookUrl: inside.url, staticData: { ...inside.staticData } });
		expect(await trigger.webhookMethods.default.checkExists.call(copy)).toBe(false);
		// A hook minnow does not know is subscribed anew; a refused key is an error the user sees.
		const unknown = hookContext({ credentials: credentials(), event: EVENT, webhookUrl: inside.url, staticData: { hookId: 'hook_unknown', secret: 'x' } });
		expect(await trigger.webhookMethods.default.checkExists.call(unknown)).toBe(false);
		const badKey = hookContext({ credentials: { ...credentials(), apiKey: 'not-a-real-key' }, event: EVENT, webhookUrl: inside.url, staticData: { ...inside.staticData } });
		await expect(trigger.webhookMethods.default.checkExists.call(badKey)).rejects.toThrow(/minnow answered 401/);
	});

	it('each signed delivery starts one run; the attested n8n also gets the minimum-necessary data, the other references only', async () => {
		expect(inside.statuses).toEqual([200]);
		expect(inside.runs).toEqual([[{ id: expect.any(String), type: EVENT, occurredAt: expect.any(String), refs: { cancelledRef: expect.stringMatching(/^Appointment\//) }, data: { reason: 'no-candidates', offered: 0 } }]]);
		expect(outside.runs).toEqual([[{ id: inside.runs[0]?.[0]?.id, type: EVENT, occurredAt: expect.any(String), refs: inside.runs[0]?.[0]?.refs }]]);
	});

	it('refuses with 401 and starts nothing when a delivery is not signed by the hook: no headers, wrong secret, stale, or altered', async () => {
		const body = JSON.stringify({ id: 'evt-forged', type: EVENT, occurredAt: new Date().toISOString(), refs: {} });
		const before = inside.runs.length;
		const answers = [
			await fetch(inside.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
			await signedPost(inside, body, { secret: 'not-the-secret' }),
			await signedPost(inside, body, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
			await signedPost(inside, body, { signature: 'v1=' + createHmac('sha256', String(inside.staticData.secret)).update(`${Math.floor(Date.now() / 1000)}.{}`).digest('hex') }),
		];
		expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
		expect(inside.runs).toHaveLength(before);
		const genuine = await signedPost(inside, body); // the same body, signed with the hook's secret now
		expect(genuine.status).toBe(200);
		expect(inside.runs).toHaveLength(before + 1);
	});

	it('`minnow boundary` lists the attested n8n as inside the BAA and the other as outside', async () => {
		const result = await runCli(['boundary'], { DATA_DIR: sandbox.dataDir, MINNOW_CONFIG: configPath }, 60_000);
		expect(result.code, result.stderr).toBe(0);
		const row = (hookId: unknown) => result.stdout.split('\n\n').find((block) => block.includes(`[hook:${String(hookId)},`)) ?? '';
		expect(row(inside.staticData.hookId)).toMatch(/status:\s+BAA signed \(hooks\.attestedDestinations\)/);
		expect(row(inside.staticData.hookId)).toMatch(/attested destination: minimum-necessary fields/);
		expect(row(outside.staticData.hookId)).toMatch(/outside the BAA: payloads carry ids, type, time and opaque references only/);
	}, 90_000);

	it('deactivation unsubscribes the hook, and minnow delivers nothing more to it', async () => {
		const hookId = inside.staticData.hookId;
		expect(await trigger.webhookMethods.default.delete.call(hooks(inside))).toBe(true);
		expect(await readHook(hookId)).toMatchObject({ status: 'unsubscribed' });
		expect(inside.staticData.hookId).toBeUndefined();
		expect(await trigger.webhookMethods.default.checkExists.call(hooks(inside))).toBe(false);

		const runs = inside.runs.length;
		const s = sandbox.stack.scenario;
		const appointment = await createAppointment(s.fhir, (await createPatient(s.fhir)).ref, at(BASE, hours(70)));
		await s.sync();
		await updateAppointment(s.fhir, appointment, (a) => ({ ...a, status: 'cancelled' }));
		await s.sync();
		await sandbox.deliverHooks();
		expect(inside.runs).toHaveLength(runs);
		expect(outside.runs).toHaveLength(2); // the outside trigger, still active, got the new expiry
	});
});
