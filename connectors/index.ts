import { acuityConnector } from "./acuity/index.js";
import type { ConnectorManifest } from "./define.js";
import { fhirConnector } from "./fhir/index.js";
import { hl7Connector } from "./hl7/index.js";
import { twilioConnector } from "./twilio/index.js";
import { webhooksConnector } from "./webhooks/index.js";

export { defineConnector, type ConnectorManifest } from "./define.js";

/** Every connector minnow ships, for the boundary report and anything that lists integrations. */
export const connectors: readonly ConnectorManifest[] = [fhirConnector, acuityConnector, hl7Connector, twilioConnector, webhooksConnector];

export function connectorById(id: string): ConnectorManifest | undefined {
  return connectors.find((c) => c.id === id);
}
