// The policy kernel: pure decisions, no I/O.
export * from "./kernel-a.js";
export * from "./kernel-b.js";
export { decideSend, type SendDecision, type SendRequest } from "./decide-send.js";
