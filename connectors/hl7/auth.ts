import { z } from "zod";

/**
 * How the practice's interface engine reaches minnow: MLLP on a host and port, optionally over
 * TLS, optionally only from listed source addresses. There is no credential in SIU itself; the
 * network (the allow-list, TLS, a VPN) is the authentication. Read from HL7_MLLP_* (src/config/env.ts).
 */
export const hl7ListenerSchema = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65535),
  tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  allow: z.array(z.string().min(1)).optional(),
});
