import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { closeDb, getDb } from "@/lib/db";
import { createIntakeServer } from "./intake-server";
import { intakeWriter } from "./intake-writer";
import { invoiceUpdatedBody, resetSyncTables, sign } from "../testing/harness";

let base: string;
const server = createIntakeServer({ writer: await intakeWriter() });

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
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
