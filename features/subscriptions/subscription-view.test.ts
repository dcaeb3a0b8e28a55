import { describe, expect, it } from "vitest";
import { bySubscriptionOrder, subscriptionView, type PriceRowWithName, type SubscriptionRow } from "./subscription-view";

const d = (iso: string) => new Date(iso);
const price = (id: string, over: Partial<PriceRowWithName> = {}): PriceRowWithName => ({
  id,
  productId: `prod_${id}`,
  productName: id,
  recurringInterval: "month",
  billingScheme: "per_unit",
  tiersMode: null,
  tiers: null,
  transformQuantity: null,
  unitAmountDecimal: "4900",
  ...over,
});
const seats = price("Team", {
  billingScheme: "tiered",
  tiersMode: "graduated",
  unitAmountDecimal: null,
  tiers: [
    { up_to: 10, unit_amount: 1500, unit_amount_decimal: "1500", flat_amount: null, flat_amount_decimal: null },
    { up_to: null, unit_amount: 1200, unit_amount_decimal: "1200", flat_amount: 500, flat_amount_decimal: "500" },
  ],
});
const prices = new Map([
  ["Team", seats],
  ["Support", price("Support")],
  ["Calls", price("Calls", { unitAmountDecimal: "0.5" })],
  ["Volume", { ...seats, id: "Volume", productName: "Volume", tiersMode: "volume" }],
]);
const periodEnd = d("2026-12-31T00:00:00Z");
const sub = (over: Partial<SubscriptionRow> = {}): SubscriptionRow => ({
  id: "s1",
  stripeId: "sub_1",
  status: "active",
  currency: "usd",
  stripeCreated: d("2026-12-01T00:00:00Z"),
  trialStart: null,
  trialEnd: null,
  cancelAt: null,
  cancelAtPeriodEnd: false,
  canceledAt: null,
  endedAt: null,
  pauseBehavior: null,
  pauseResumesAt: null,
  items: [
    { stripeId: "si_1", priceId: "Team", quantity: 12n, currentPeriodStart: d("2026-12-01T00:00:00Z"), currentPeriodEnd: periodEnd },
    { stripeId: "si_2", priceId: "Support", quantity: 1n, currentPeriodStart: d("2026-12-01T00:00:00Z"), currentPeriodEnd: periodEnd },
  ],
  ...over,
});

describe("subscriptionView", () => {
  it("prices each item with the billing math and renews at the items' period end for their sum", () => {
    const v = subscriptionView(sub(), prices);
    // graduated: 10 × 15.00 + 2 × 12.00 + 5.00 flat for reaching the second tier = 179.00
    expect(v.items.map((i) => i.periodAmount)).toEqual([17_900n, 4_900n]);
    expect(v.renewal).toEqual({ date: periodEnd, amount: 22_800n, incomplete: false });
    expect(v.phase).toBe("live");
    expect(v.items[0].price).toEqual({
      kind: "tiered",
      mode: "graduated",
      tiers: [
        { from: 1n, upTo: 10n, unitAmountDecimal: "1500", flatAmountDecimal: "0" },
        { from: 11n, upTo: null, unitAmountDecimal: "1200", flatAmountDecimal: "500" },
      ],
    });
  });

  it("volume tiers price every unit at the tier the quantity falls in", () => {
    const v = subscriptionView(
      sub({ items: [{ stripeId: "si_v", priceId: "Volume", quantity: 12n, currentPeriodStart: null, currentPeriodEnd: periodEnd }] }),
      prices,
    );
    expect(v.items[0].periodAmount).toBe(12n * 1200n + 500n);
  });

  it("a sub-cent unit price is rounded once per line", () => {
    const v = subscriptionView(
      sub({ items: [{ stripeId: "si_c", priceId: "Calls", quantity: 3n, currentPeriodStart: null, currentPeriodEnd: periodEnd }] }),
      prices,
    );
    expect(v.items[0].periodAmount).toBe(2n); // 1.5 cents, half up
  });

  it("a metered item (no quantity) leaves the renewal amount as a floor, flagged", () => {
    const v = subscriptionView(
      sub({ items: [...sub().items, { stripeId: "si_m", priceId: "Calls", quantity: null, currentPeriodStart: null, currentPeriodEnd: periodEnd }] }),
      prices,
    );
    expect(v.items[2].periodAmount).toBeNull();
    expect(v.renewal).toEqual({ date: periodEnd, amount: 22_800n, incomplete: true });
  });

  it("an unknown price (not projected, or tiers never seen) makes no number up", () => {
    const v = subscriptionView(
      sub({ items: [{ stripeId: "si_x", priceId: "price_gone", quantity: 1n, currentPeriodStart: null, currentPeriodEnd: periodEnd }] }),
      prices,
    );
    expect(v.items[0].price).toEqual({ kind: "unknown" });
    expect(v.renewal?.amount).toBeNull();
    const noTiers = new Map([["Team", { ...seats, tiers: null }]]);
    expect(subscriptionView(sub({ items: [sub().items[0]] }), noTiers).items[0].price).toEqual({ kind: "unknown" });
  });

  it("a trial renews at its end; a subscription set to cancel at period end does not renew", () => {
    const trial = subscriptionView(sub({ status: "trialing", trialEnd: periodEnd }), prices);
    expect(trial.trialEnd).toEqual(periodEnd);
    expect(trial.renewal?.date).toEqual(periodEnd);
    const ending = subscriptionView(sub({ cancelAtPeriodEnd: true, cancelAt: periodEnd }), prices);
    expect(ending.phase).toBe("ending");
    expect(ending.endsAt).toEqual(periodEnd);
    expect(ending.renewal).toBeNull();
    // cancel_at after this period: it still renews once more
    const later = subscriptionView(sub({ cancelAt: d("2027-02-15T00:00:00Z") }), prices);
    expect(later.phase).toBe("ending");
    expect(later.renewal?.date).toEqual(periodEnd);
  });

  it("a paused subscription makes no invoice: no renewal; paused collection still renews", () => {
    expect(subscriptionView(sub({ status: "paused" }), prices).renewal).toBeNull();
    const collectionPaused = subscriptionView(sub({ pauseBehavior: "void", pauseResumesAt: periodEnd }), prices);
    expect(collectionPaused.paused).toEqual({ behavior: "void", resumesAt: periodEnd });
    expect(collectionPaused.renewal?.date).toEqual(periodEnd);
  });

  it("ended subscriptions do not renew and sort after current ones", () => {
    const ended = subscriptionView(
      sub({
        id: "s2",
        stripeId: "sub_2",
        status: "canceled",
        endedAt: d("2026-12-10T00:00:00Z"),
        canceledAt: d("2026-12-10T00:00:00Z"),
        stripeCreated: d("2026-12-20T00:00:00Z"),
      }),
      prices,
    );
    expect(ended.phase).toBe("ended");
    expect(ended.renewal).toBeNull();
    expect(ended.endedAt).toEqual(d("2026-12-10T00:00:00Z"));
    const live = subscriptionView(sub(), prices);
    expect([ended, live].sort(bySubscriptionOrder).map((v) => v.stripeId)).toEqual(["sub_1", "sub_2"]);
  });
});
