import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitlistForPatient } from '../../../src/store/waitlist.js';
import { createPatient } from '../../../tests/workflows/helpers/scenario.js';
import { createKnownPatient, createOptedOutPatient, type TestPatient } from '../../test-kit/patients.js';
import { openSandbox, type Sandbox } from '../../test-kit/sandbox.js';
import { executeContext, Minnow } from './n8n-context.js';

let sandbox: Sandbox;
let patient: TestPatient;
const node = new Minnow();

beforeAll(async () => {
	sandbox = await openSandbox();
	patient = await createKnownPatient(sandbox.stack);
});
afterAll(() => sandbox.dispose());

async function execute(items: IDataObject[], opts: { apiKey?: string; continueOnFail?: boolean } = {}): Promise<INodeExecutionData[]> {
	const context = executeContext({ credentials: { baseUrl: sandbox.baseUrl, apiKey: opts.apiKey ?? sandbox.apiKey }, items, continueOnFail: opts.continueOnFail ?? false });
	const [output] = await node.execute.call(context);
	return output ?? [];
}
const one = async (params: IDataObject) => (await execute([params]))[0]?.json ?? {};

describe('the Minnow node against a running minnow', () => {
	it('Message > Send texts the patient once per idempotency key and returns the decision', async () => {
		const params = { resource: 'message', operation: 'send', patientRef: patient.ref, templateId: 'appointment-reminder', idempotencyKey: 'n8n-exec-7' };
		const first = await one(params);
		expect(first).toMatchObject({ outcome: 'sent', messageId: expect.any(String) });
		expect(await one(params)).toEqual(first);
		expect(sandbox.stack.sentTo(patient.phone)).toHaveLength(1);
	});

	it("Message > Send returns policy's refusal as data, so the workflow can branch on it", async () => {
		const other = await createOptedOutPatient(sandbox.stack);
		const before = sandbox.stack.sentTo(other.phone).length;
		expect(await one({ resource: 'message', operation: 'send', patientRef: other.ref, templateId: 'appointment-reminder' })).toEqual({ outcome: 'denied', reasons: ['phone-opted-out'] });
		expect(sandbox.stack.sentTo(other.phone)).toHaveLength(before);
	});

	it('Waitlist > Add puts the patient on the waitlist for the period', async () => {
		const result = await one({ resource: 'waitlist', operation: 'add', patientRef: patient.ref, requestedStart: '2026-12-07T14:00:00Z', requestedEnd: '2026-12-11T23:00:00Z', priority: 3 });
		const entries = await waitlistForPatient(sandbox.stack.scenario.services.store, patient.ref);
		expect(entries.map((e) => ({ id: e.id, priority: e.priority }))).toEqual([{ id: result.id, priority: 3 }]);
	});

	it("Waitlist > Add fails with minnow's field error when the period ends before it starts", async () => {
		await expect(one({ resource: 'waitlist', operation: 'add', patientRef: patient.ref, requestedStart: '2026-12-11T14:00:00Z', requestedEnd: '2026-12-07T23:00:00Z' })).rejects.toThrow(
			/minnow answered 422: .*requestedEnd: must be after requestedStart/,
		);
	});

	it('Consent > Record writes the ledger: minnow shows it as the current consent', async () => {
		const fresh = await createPatient(sandbox.stack.scenario.fhir);
		const result = await one({ resource: 'consent', operation: 'record', patientRef: fresh.ref, phone: fresh.phone, scopes: ['appointment', 'waitlist'], phiLevel: 'none', source: 'web-form', evidence: 'Intake form v3' });
		const res = await fetch(`${sandbox.baseUrl}/api/consents/${fresh.ref}`, { headers: { 'x-api-key': sandbox.apiKey } });
		expect(((await res.json()) as { current: IDataObject }).current).toMatchObject({ id: result.id, scopes: ['appointment', 'waitlist'], source: 'web-form' });
	});

	it('Sync > Start starts one sync run per idempotency key, one output per input item', async () => {
		const output = await execute([
			{ resource: 'sync', operation: 'start', idempotencyKey: 'n8n-a' },
			{ resource: 'sync', operation: 'start', idempotencyKey: 'n8n-a' },
			{ resource: 'sync', operation: 'start', idempotencyKey: 'n8n-b' },
		]);
		expect(output.map((o) => [o.json.started, o.pairedItem])).toEqual([[true, { item: 0 }], [false, { item: 1 }], [true, { item: 2 }]]);
		const runs = await sandbox.stack.scenario.engine.listRuns({ workflowId: 'sync' });
		expect(runs.map((r) => r.id)).toEqual(expect.arrayContaining([output[0]?.json.runId, output[2]?.json.runId]));
	});

	it('Event > Get Many lists real events of a type, newest first, one item each', async () => {
		const output = await execute([{ resource: 'event', operation: 'getAll', type: 'message.sent', limit: 10 }]);
		expect(output.length).toBeGreaterThan(0);
		expect(new Set(output.map((o) => o.json.type))).toEqual(new Set(['message.sent']));
		const times = output.map((o) => Date.parse(String(o.json.occurredAt)));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect(Object.keys(output[0]?.json ?? {}).sort()).toEqual(['id', 'occurredAt', 'refs', 'type']);
	});

	it("fails with minnow's reason and how to make a key when the key is bad; Continue On Fail turns it into the item", async () => {
		const params = { resource: 'sync', operation: 'start' };
		await expect(execute([params], { apiKey: 'not-a-real-key' })).rejects.toThrow(/minnow answered 401: .*api-key create/);
		const [item] = await execute([params], { apiKey: 'not-a-real-key', continueOnFail: true });
		expect(item).toEqual({ json: { error: expect.stringMatching(/minnow answered 401/) }, pairedItem: { item: 0 } });
	});
});
