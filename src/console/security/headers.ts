import type { MiddlewareHandler } from "hono";

/**
 * Headers on every console response. The pages show PHI, so: nothing may load from anywhere but
 * minnow itself (a strict Content-Security-Policy: no inline script or style, no third party),
 * nothing is cached by the browser or a proxy, the pages cannot be framed, and no address goes
 * to another site as a referrer (a sign-in link's token is in its path). The referrer stays on
 * for minnow itself: with none at all, browsers send `Origin: null`, which the CSRF check refuses.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Pico CSS draws its form icons as data: SVGs.
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export function consoleHeaders(opts: { assets: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CONSOLE_CSP);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("X-Frame-Options", "DENY");
    c.header("Referrer-Policy", "same-origin");
    c.header("Cross-Origin-Opener-Policy", "same-origin");
    c.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    c.header("Cache-Control", opts.assets ? "private, max-age=3600" : "no-store");
  };
}
