/**
 * The few shapes of a Zapier Platform CLI app this sample uses, declared here so the sample needs
 * no zapier-platform-core dependency. In a real app, `z` and `bundle` come from zapier-platform-core.
 */
export interface ZResponse {
  status: number;
  data: unknown;
  throwForStatus(): void;
}
export interface ZObject {
  request(options: { url: string; method?: "GET" | "POST" | "DELETE"; body?: unknown; headers?: Record<string, string>; params?: Record<string, string | number> }): Promise<ZResponse>;
  errors: { Error: new (message: string, code?: string) => Error };
}
export interface Bundle {
  authData: { baseUrl: string; apiKey: string };
  inputData: Record<string, string | undefined>;
  targetUrl?: string;
  subscribeData?: { id: string };
  cleanedRequest?: unknown;
  meta?: { zap?: { id: string } };
}

export interface HookTrigger {
  key: string;
  noun: string;
  display: { label: string; description: string };
  operation: {
    type: "hook";
    /** The minnow event type this trigger subscribes to. */
    event: string;
    performSubscribe(z: ZObject, bundle: Bundle): Promise<unknown>;
    performUnsubscribe(z: ZObject, bundle: Bundle): Promise<unknown>;
    perform(z: ZObject, bundle: Bundle): Promise<unknown[]>;
    performList(z: ZObject, bundle: Bundle): Promise<unknown[]>;
    sample: { id: string; type: string; occurredAt: string; refs: Record<string, string> };
  };
}

export interface InputField {
  key: string;
  label: string;
  required?: boolean;
  choices?: string[];
  helpText?: string;
}

export interface Create {
  key: string;
  noun: string;
  display: { label: string; description: string };
  operation: {
    /** The minnow route this create calls, relative to the base URL (checked against the OpenAPI document). */
    path: string;
    inputFields: InputField[];
    perform(z: ZObject, bundle: Bundle): Promise<unknown>;
    sample: Record<string, unknown>;
  };
}
