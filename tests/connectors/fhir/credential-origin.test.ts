import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Bundle } from "@medplum/fhirtypes";
import { http, HttpResponse, passthrough } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { searchPages } from "../../../connectors/fhir/search-pages.js";
import { BASE_URL } from "./helpers/fixtures.js";
import { useMsw } from "./helpers/msw.js";

const server = useMsw();
const OTHER = "http://elsewhere.test";
const page = (next?: string): Bundle => ({ resourceType: "Bundle", type: "searchset", entry: [], ...(next ? { link: [{ relation: "next", url: next }] } : {}) });

describe("the FHIR client's credentials stay with FHIR_BASE_URL's origin", () => {
  it("refuses a next link to another origin with a clear error, and never calls it", async () => {
    const elsewhere: Array<string | null> = [];
    server.use(
      http.get(`${BASE_URL}/Appointment`, () => HttpResponse.json(page(`${OTHER}/fhir/Appointment?page=2&patient=Patient/p1`))),
      http.get(`${OTHER}/fhir/Appointment`, ({ request }) => (elsewhere.push(request.headers.get("authorization")), HttpResponse.json(page()))),
    );
    const client = createFhirClient({ baseUrl: BASE_URL, auth: { type: "bearer", token: "tok-secret" } });
    const pages = searchPages(client, "Appointment", { status: "booked" });
    await pages.next();
    const err = await pages.next().then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toBe(
      "The FHIR server's next page link points to http://elsewhere.test, not to FHIR_BASE_URL's origin http://ehr.test: minnow sends its credentials only to FHIR_BASE_URL's origin, so it stopped paging. Ask the EHR vendor why its paging links leave its base URL, or set FHIR_BASE_URL to the origin they use.",
    );
    expect(err?.message).not.toContain("Patient/p1");
    expect(elsewhere).toEqual([]);
  });

  it("follows a next link on the same origin with the token", async () => {
    const auth: Array<string | null> = [];
    server.use(
      http.get(`${BASE_URL}/Appointment`, ({ request }) => {
        auth.push(request.headers.get("authorization"));
        return HttpResponse.json(new URL(request.url).searchParams.get("page") ? page() : page(`${BASE_URL}/Appointment?page=2`));
      }),
    );
    const client = createFhirClient({ baseUrl: BASE_URL, auth: { type: "bearer", token: "tok-secret" } });
    const seen: Bundle[] = [];
    for await (const p of searchPages(client, "Appointment", {})) seen.push(p);
    expect(seen).toHaveLength(2);
    expect(auth).toEqual(["Bearer tok-secret", "Bearer tok-secret"]);
  });
});

describe("a redirect to another origin", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });
  const listen = async (handler: Parameters<typeof createServer>[1]) => {
    const s = createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    return (s.address() as AddressInfo).port;
  };

  it("reaches the other origin without the bearer token", async () => {
    const received: Array<string | undefined> = [];
    const target = await listen((req, res) => {
      received.push(req.headers.authorization);
      res.setHeader("content-type", "application/fhir+json");
      res.end(JSON.stringify({ resourceType: "Patient", id: "p1" }));
    });
    const origin = await listen((_req, res) => {
      res.writeHead(302, { location: `http://localhost:${target}/fhir/Patient/p1` });
      res.end();
    });
    server.use(http.all(`http://127.0.0.1:${origin}/*`, () => passthrough()), http.all(`http://localhost:${target}/*`, () => passthrough()));
    const client = createFhirClient({ baseUrl: `http://127.0.0.1:${origin}/fhir`, auth: { type: "bearer", token: "tok-secret" } });
    await client.read("Patient", "p1");
    expect(received).toEqual([undefined]);
  });
});
