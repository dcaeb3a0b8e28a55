import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createIntakeServer } from "./intake-server";
import { intakeWriter } from "./intake-writer";
import { invoiceUpdatedBody, listenOnLoopback, resetSyncTables, sign } from "../testing/harness";

let listening: Awaited<ReturnType<typeof listenOnLoopback>>;
let base: string;

beforeAll(async () => {
  listening = await listenOnLoopback(createIntakeServer({ writer: await intakeWriter() }));
  base = listening.origin;
});
afterAll(async () => {
  await listening.close();
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
});

const event = (id: string) => invoiceUpdatedBody(id, "in_intake");

describe("dedicated webhook intake server", () => {
  it("stores a signed event once (200, duplicate 200) and refuses bad signatures, other paths and big bodies", async () => {
    const body = event("evt_intake_1");
    const post = (b: string, sig: string | null, path = "/api/stripe/webhook") =>
      fetch(`${base}${path}`, { method: "POST", body: b, headers: { "content-type": "application/json", ...(sig ? { "stripe-signature": sig } : {}) } });
    let res = await post(body, sign(body));
    expect([res.status, await res.json()]).toEqual([200, { received: true, duplicate: false }]);
    res = await post(body, sign(body));
    expect([res.status, await res.json()]).toEqual([200, { received: true, duplicate: true }]);
    expect((await post(event("evt_intake_2"), sign(body))).status).toBe(400);
    expect((await post(event("evt_intake_3"), null)).status).toBe(400);
    expect((await post(body, sign(body), "/elsewhere")).status).toBe(404);
    const big = JSON.stringify({ id: "evt_big", pad: "x".repeat(2 * 1024 * 1024) });
    expect((await post(big, sign(big))).status).toBe(413);
    expect(await (await getDb()).stripeEvent.count()).toBe(1);
  });
});
