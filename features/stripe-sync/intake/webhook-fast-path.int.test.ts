import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { FIXED_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { intakeWriter } from "./intake-writer";
import { installWebhookFastPath, isWebhookDelivery } from "./webhook-fast-path";
import { invoiceUpdatedBody, listenOnLoopback, resetSyncTables, sign } from "../testing/harness";

// A stand-in for `next start`'s server: whatever reaches its own listener is answered "framework".
const seen: string[] = [];
const server = http.createServer((req, res) => {
  seen.push(`${req.method} ${req.url}`);
  res.writeHead(405, { "content-type": "text/plain" }).end("framework");
});
let listening: Awaited<ReturnType<typeof listenOnLoopback>>;
let base: string;

beforeAll(async () => {
  installWebhookFastPath({ writer: await intakeWriter(), headers: Object.fromEntries(FIXED_SECURITY_HEADERS.map((h) => [h.key, h.value])) });
  listening = await listenOnLoopback(server);
  base = listening.origin;
});
afterAll(async () => {
  await listening.close();
  await closeDb();
});
beforeEach(async () => {
  seen.length = 0;
  await resetSyncTables();
});

const event = (id: string) => invoiceUpdatedBody(id, "in_fast");
const post = (body: string, sig: string | null, path = "/api/stripe/webhook") =>
  fetch(`${base}${path}`, { method: "POST", body, headers: { "content-type": "application/json", ...(sig ? { "stripe-signature": sig } : {}) } });

describe("the webhook's fast path inside the web server", () => {
  it("answers Stripe's deliveries itself from the very first request: stored once, duplicates and bad signatures told apart, fixed headers on", async () => {
    const body = event("evt_fast_1");
    let res = await post(body, sign(body));
    expect([res.status, await res.json()]).toEqual([200, { received: true, duplicate: false }]);
    for (const { key, value } of FIXED_SECURITY_HEADERS) expect(res.headers.get(key), key).toBe(value);
    expect(res.headers.get("content-type")).toBe("application/json");
    res = await post(body, sign(body));
    expect([res.status, await res.json()]).toEqual([200, { received: true, duplicate: true }]);
    res = await post(event("evt_fast_2"), sign(body));
    expect([res.status, await res.json()]).toEqual([400, { error: expect.stringMatching(/signature/i) }]);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect((await post(event("evt_fast_3"), null)).status).toBe(400);
    const big = JSON.stringify({ id: "evt_fast_big", pad: "x".repeat(2 * 1024 * 1024) });
    expect((await post(big, sign(big))).status).toBe(413);
    // A query string is still the webhook (Stripe's endpoint URL may carry one).
    const withQuery = event("evt_fast_4");
    expect((await post(withQuery, sign(withQuery), "/api/stripe/webhook?source=stripe")).status).toBe(200);

    expect(seen).toEqual([]);
    const ids = (await (await getDb()).stripeEvent.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((e) => e.id);
    expect(ids).toEqual(["evt_fast_1", "evt_fast_4"]);
  });

  it("leaves every other request to the framework: other methods on the path, other paths, look-alike paths", async () => {
    const body = event("evt_fast_5");
    expect((await fetch(`${base}/api/stripe/webhook`)).status).toBe(405);
    expect((await post(body, sign(body), "/api/stripe/webhook/")).status).toBe(405);
    expect((await post(body, sign(body), "/api/stripe/webhooks")).status).toBe(405);
    expect((await post(body, sign(body), "/sign-in")).status).toBe(405);
    expect(seen).toEqual(["GET /api/stripe/webhook", "POST /api/stripe/webhook/", "POST /api/stripe/webhooks", "POST /sign-in"]);
    expect(await (await getDb()).stripeEvent.count()).toBe(0);
  });

  it("a sender that hangs up mid-body costs nothing: nothing stored, the server answers the next delivery", async () => {
    const half = net.connect(listening.port, "127.0.0.1");
    await new Promise((r) => half.once("connect", r));
    half.write(
      `POST /api/stripe/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\nStripe-Signature: t=1,v1=00\r\n\r\n{"id":`,
    );
    await new Promise((r) => setTimeout(r, 50));
    half.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const body = event("evt_fast_6");
    expect((await post(body, sign(body))).status).toBe(200);
    expect((await (await getDb()).stripeEvent.findMany({ select: { id: true } })).map((e) => e.id)).toEqual(["evt_fast_6"]);
    expect(seen).toEqual([]);
  });

  it("recognises exactly POST on the webhook's path", () => {
    expect(isWebhookDelivery({ method: "POST", url: "/api/stripe/webhook" })).toBe(true);
    expect(isWebhookDelivery({ method: "POST", url: "/api/stripe/webhook?x=1" })).toBe(true);
    expect(isWebhookDelivery({ method: "PUT", url: "/api/stripe/webhook" })).toBe(false);
    expect(isWebhookDelivery({ method: "POST", url: "/api/stripe/webhook-other" })).toBe(false);
    expect(isWebhookDelivery({ method: "POST", url: "//api/stripe/webhook" })).toBe(false);
  });
});
