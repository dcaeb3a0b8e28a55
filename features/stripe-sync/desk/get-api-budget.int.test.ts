// The sync desk shows Settle's shared Stripe API budget: each bucket's rate, the share in use
// right now and the requests let through, and the events waiting after Stripe throttled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { budgetAccount } from "@/lib/stripe-budget";
import { getApiBudget } from "./get-api-budget";

const account = () => budgetAccount(env().STRIPE_SECRET_KEY);

beforeAll(async () => {
  const db = await getDb();
  await db.$executeRawUnsafe(`TRUNCATE "StripeApiBudget"`);
  await db.stripeEvent.deleteMany({ where: { id: { startsWith: "evt_budget_desk_" } } });
});
afterAll(async () => {
  const db = await getDb();
  await db.$executeRawUnsafe(`TRUNCATE "StripeApiBudget"`);
  await db.stripeEvent.deleteMany({ where: { id: { startsWith: "evt_budget_desk_" } } });
  await closeDb();
});

describe("the API budget on the sync desk", () => {
  it("lists this account's buckets with their use, and the events Stripe's throttling put back", async () => {
    const db = await getDb();
    const a = account();
    // 15 of 20 tokens taken a moment ago: three quarters in use (a little less as it refills)
    await db.stripeApiBudget.createMany({
      data: [
        { key: `${a}:endpoint:GET /v1/invoices/{id}`, tokens: 20, rate: 20, capacity: 20, granted: 40n },
        { key: `${a}:global`, tokens: 5, rate: 20, capacity: 20, granted: 120n },
        { key: `${a}:sync`, tokens: 15, rate: 15, capacity: 15, granted: 80n },
        { key: `${a}:background`, tokens: 15, rate: 15, capacity: 15, granted: 80n },
        { key: "otheraccount0000:global", tokens: 0, rate: 80, capacity: 80, granted: 999n },
      ],
    });
    await db.stripeEvent.createMany({
      data: [
        {
          id: "evt_budget_desk_1",
          type: "invoice.paid",
          stripeCreated: new Date(),
          payload: {},
          lastError: "StripeRateLimitError: Request rate limit exceeded.",
        },
        { id: "evt_budget_desk_2", type: "invoice.paid", stripeCreated: new Date(), payload: {}, lastError: null },
      ],
    });
    const view = await getApiBudget(db);
    expect(view.buckets.map((b) => [b.name, b.endpoint, b.perSecond, b.granted])).toEqual([
      ["global", null, 20, 120n],
      ["background", null, 15, 80n],
      ["sync", null, 15, 80n],
      ["endpoint", "GET /v1/invoices/{id}", 20, 40n],
    ]);
    const global = view.buckets[0]!;
    expect(global.inUse).toBeGreaterThan(0.5);
    expect(global.inUse).toBeLessThanOrEqual(0.75);
    expect(view.buckets[2]!.inUse).toBe(0);
    expect(view.throttledWaiting).toBe(1);
    expect(view.rateLimitedHere).toBeGreaterThanOrEqual(0);
  });
});
