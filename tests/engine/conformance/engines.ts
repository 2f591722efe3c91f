import { embeddedFactory } from "./embedded-harness.js";
import type { HarnessFactory } from "./harness.js";
import { triggerFactory } from "./trigger-harness.js";

/** Every engine the conformance scenarios run against. */
export const engines: HarnessFactory[] = [embeddedFactory, triggerFactory];
