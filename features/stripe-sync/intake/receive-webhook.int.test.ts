import { readFileSync } from "node:fs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { handleWebhookRequest as POST } from "./webhook-endpoint";
import { intakeWriter } from "./intake-writer";
import { receiveWebhook } from "./receive-webhook";
import { resetSyncTables, sign, webhookRequest } from "../testing/harness";

// Stripe's own example objects, kept in the repository (see that folder's README for the source).
const fixtures = JSON.parse(readFileSync(new URL("../testing/fixtures/stripe-openapi-fixtures.json", import.meta.url), "utf8")).resources;
let n = 0;
function invoiceEvent(type = "invoice.paid") {
  n += 1;
  return {
    id: `evt_intake_${Date.now()}_${n}`,
    object: "event",
    type,
    api_version: "2026-10-28.endive",
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { ...fixtures.invoice, id: `in_intake_${n}` } },
  };
}
const count = async () => (await getDb()).stripeEvent.count();

describe("POST /api/stripe/webhook", () => {
  beforeEach(resetSyncTables);
  afterAll(closeDb);

  it("stores a correctly signed event and answers 200", async () => {
    const ev = invoiceEvent();
    const body = JSON.stringify(ev);
    const res = await POST(webhookRequest(body, { "stripe-signature": sign(body) }));
    expect(res.status).toBe(200);
    const row = await (await getDb()).stripeEvent.findUniqueOrThrow({ where: { id: ev.id } });
    expect(row).toMatchObject({ type: "invoice.paid", objectId: ev.data.object.id, objectType: "invoice", status: "PENDING", source: "webhook" });
    expect((row.payload as { id: string }).id).toBe(ev.id);
  });

  it("a duplicate gets 200 and no second row; ten concurrent copies make one row", async () => {
    const ev = invoiceEvent();
    const body = JSON.stringify(ev);
    const header = sign(body);
    const responses = await Promise.all(Array.from({ length: 10 }, () => POST(webhookRequest(body, { "stripe-signature": header }))));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.filter((b) => b.duplicate === false)).toHaveLength(1);
    expect(await count()).toBe(1);
  });

  it.each([
    ["wrong secret", (b: string) => ({ "stripe-signature": sign(b, { secret: "whsec_" + "wrong_secret" }) }), (b) => b, /Invalid signature/],
    ["tampered body", (b: string) => ({ "stripe-signature": sign(b) }), (b: string) => b.replace("invoice.paid", "invoice.voided"), /Invalid signature/],
    ["missing header", () => ({}), (b) => b, /Missing Stripe-Signature/],
    ["timestamp older than 300 s", (b: string) => ({ "stripe-signature": sign(b, { timestamp: Math.floor(Date.now() / 1000) - 301 }) }), (b) => b, /too old/],
    [
      "timestamp more than 300 s in the future",
      (b: string) => ({ "stripe-signature": sign(b, { timestamp: Math.floor(Date.now() / 1000) + 301 }) }),
      (b) => b,
      /future/,
    ],
  ] as [string, (b: string) => Record<string, string>, (b: string) => string, RegExp][])(
    "rejects %s with 400 and writes nothing",
    async (_name, headers, mutate, reason) => {
      const body = JSON.stringify(invoiceEvent());
      const res = await POST(webhookRequest(mutate(body), headers(body)));
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(reason);
      expect(await count()).toBe(0);
    },
  );

  it("accepts a header with spaces after the commas (the HMAC still decides)", async () => {
    const body = JSON.stringify(invoiceEvent());
    const spaced = sign(body).split(",").join(", ");
    expect((await POST(webhookRequest(body, { "stripe-signature": spaced }))).status).toBe(200);
    expect(await count()).toBe(1);
  });

  it("accepts several v1 signatures when one is valid", async () => {
    const body = JSON.stringify(invoiceEvent());
    const good = sign(body);
    const t = good.split(",")[0];
    const v1 = good.split(",")[1];
    const header = `${t},v1=${"0".repeat(64)},${v1},v1=${"f".repeat(64)}`;
    expect((await POST(webhookRequest(body, { "stripe-signature": header }))).status).toBe(200);
    expect(await count()).toBe(1);
  });

  it("a correctly signed malformed JSON body is a 400", async () => {
    const body = '{"id":"evt_broken", "type":';
    const res = await POST(webhookRequest(body, { "stripe-signature": sign(body) }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not valid JSON/);
    expect(await count()).toBe(0);
  });

  it("a signed JSON body that is not an event is a 400", async () => {
    const body = JSON.stringify({ hello: "world" });
    expect((await POST(webhookRequest(body, { "stripe-signature": sign(body) }))).status).toBe(400);
    expect(await count()).toBe(0);
  });

  it("a 5 MB body is a 413 even when signed, and a lying Content-Length too", async () => {
    const ev = invoiceEvent();
    const big = JSON.stringify({ ...ev, padding: "x".repeat(5 * 1024 * 1024) });
    const res = await POST(webhookRequest(big, { "stripe-signature": sign(big) }));
    expect(res.status).toBe(413);
    // A declared Content-Length above the limit is refused before anything is parsed.
    const small = JSON.stringify(invoiceEvent());
    const res2 = await receiveWebhook({ writer: await intakeWriter(), rawBody: small, signatureHeader: sign(small), contentLength: String(2 * 1024 * 1024) });
    expect(res2.status).toBe(413);
    expect(await count()).toBe(0);
  });

  it("stores an unknown event type (acknowledged, ignored later)", async () => {
    const ev = { ...invoiceEvent(), type: "issuing_card.created", data: { object: { id: "ic_1", object: "issuing.card" } } };
    const body = JSON.stringify(ev);
    expect((await POST(webhookRequest(body, { "stripe-signature": sign(body) }))).status).toBe(200);
    expect(await count()).toBe(1);
  });
});
