import { createHmac, timingSafeEqual } from 'crypto';

/** How far a delivery's X-Minnow-Timestamp may be from now before it is taken for a replay. */
export const TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * minnow signs each delivery with the hook's secret: `X-Minnow-Signature: v1=<hex HMAC-SHA256 of
 * "<X-Minnow-Timestamp>.<raw body>">`. Several v1 values may come while a secret rotates.
 */
export function checkSignature(input: {
	secret: string;
	rawBody: Buffer | string;
	timestamp: string | undefined;
	signature: string | undefined;
	nowSeconds: number;
}): SignatureCheck {
	if (!input.timestamp || !input.signature) return { ok: false, reason: 'missing X-Minnow-Timestamp or X-Minnow-Signature' };
	if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'malformed X-Minnow-Timestamp' };
	if (Math.abs(input.nowSeconds - Number(input.timestamp)) > TOLERANCE_SECONDS) return { ok: false, reason: 'stale X-Minnow-Timestamp (a replay?)' };
	const expected = 'v1=' + createHmac('sha256', input.secret).update(`${input.timestamp}.`).update(input.rawBody).digest('hex');
	const offered = input.signature.split(',').map((s) => s.trim()).filter((s) => s.startsWith('v1='));
	if (offered.length === 0) return { ok: false, reason: 'malformed X-Minnow-Signature' };
	return offered.some((s) => sameText(s, expected)) ? { ok: true } : { ok: false, reason: 'X-Minnow-Signature does not match' };
}
