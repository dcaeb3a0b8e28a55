import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { drainEvents } from "../processor/process-events";
import { replayEvents } from "../replay/replay-events";
import { runResync } from "../resync/run-resync";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { apiClient } from "../testing/billing";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 21 });
  stripe = apiClient(world.emu.url);
});
afterAll(async () => {
  await world.close();
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
});

async function discountedInvoice() {
  const customer = await stripe.customers.create({ email: `d${Math.random()}@example.test` });
  const lineCoupon = await stripe.coupons.create({ percent_off: 12.5, duration: "once" });
  const invoiceCoupon = await stripe.coupons.create({ amount_off: 300, currency: "usd", duration: "once" });
  const draft = await stripe.invoices.create({ customer: customer.id, currency: "usd", discounts: [{ coupon: invoiceCoupon.id }] });
  await stripe.invoiceItems.create({
    customer: customer.id,
    invoice: draft.id,
    currency: "usd",
    amount: 4000,
    description: "discounted line",
    discounts: [{ coupon: lineCoupon.id }],
  });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, currency: "usd", amount: 1000, description: "plain line" });
  const invoice = await stripe.invoices.finalizeInvoice(draft.id);
  return { invoice, lineCoupon, invoiceCoupon };
}

async function projectedDiscounts(invoiceId: string) {
  const db = await getDb();
  const inv = await db.invoice.findUniqueOrThrow({
    where: { stripeId: invoiceId },
    include: { discounts: true, lines: { orderBy: { position: "asc" }, include: { discounts: { orderBy: { scope: "asc" } } } } },
  });
  return {
    invoice: inv.discounts
      .sort((a, b) => a.discountId.localeCompare(b.discountId))
      .map((d) => [d.couponId, d.percentOff?.toString() ?? null, d.amountOff, d.amount]),
    lines: inv.lines.map((l) => l.discounts.map((d) => [d.scope, d.couponId, d.percentOff?.toString() ?? null, d.amountOff, d.amount])),
  };
}

describe("discount coupons in the invoice projection", () => {
  it("line-level and invoice-level discounts carry their coupon (id, percent/amount off), live, by resync and after replay", async () => {
    const { invoice, lineCoupon, invoiceCoupon } = await discountedInvoice();
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb(), { backoffMs: 10 });
    const lineDiscount = invoice.lines.data[0].discount_amounts!;
    expect(lineDiscount.length).toBeGreaterThan(0);
    const live = await projectedDiscounts(invoice.id);
    // total_discount_amounts covers every discount, line-level ones included.
    expect(live.invoice).toEqual(
      expect.arrayContaining([
        [invoiceCoupon.id, null, 300n, 300n],
        [lineCoupon.id, "12.5", null, 500n],
      ]),
    );
    expect(live.invoice).toHaveLength(2);
    const [first, second] = live.lines;
    expect(first).toContainEqual(["line", lineCoupon.id, "12.5", null, 500n]);
    expect(first.filter((d) => d[0] === "invoice").map((d) => d[1])).toEqual([invoiceCoupon.id]);
    expect(second.map((d) => d.slice(0, 3))).toEqual([["invoice", invoiceCoupon.id, null]]);

    // Replay rebuilds the same rows from the stored objects alone.
    await replayEvents(await getDb(), { reset: true });
    expect(await projectedDiscounts(invoice.id)).toEqual(live);

    // A resync snapshot (listed, not retrieved) gives the same too.
    await resetSyncTables();
    await runResync(await getDb());
    await drainEvents(await getDb(), { backoffMs: 10 });
    expect(await projectedDiscounts(invoice.id)).toEqual(live);
  });
});
