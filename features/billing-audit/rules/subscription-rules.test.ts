// after_subscription_end, trial_charged, quantity_mismatch and the line → subscription item match.
import { describe, expect, it } from "vitest";
import { T0, at, context, line, tariff, withInvoice } from "../testing/context";
import { afterServiceEnd } from "./after-service-end";
import { afterSubscriptionEnd } from "./after-subscription-end";
import { lineMath } from "./line-math";
import { runRules } from "./index";
import { quantityMismatch } from "./quantity-mismatch";
import { matchSubscriptionItem } from "./subscription-match";
import { trialCharged } from "./trial-charged";
import type { AuditSubscription, AuditSubscriptionItem } from "../types";

const APR = new Date("2026-04-01T00:00:00Z");
const FEB = new Date("2026-02-01T00:00:00Z");
const d = (iso: string) => new Date(iso);

function item(over: Partial<AuditSubscriptionItem> = {}): AuditSubscriptionItem {
  return { stripeId: "si_1", priceId: "price_seats", quantity: 10n, currentPeriodStart: T0, currentPeriodEnd: APR, ...over };
}
function sub(over: Partial<AuditSubscription> = {}): AuditSubscription {
  return {
    stripeId: "sub_1",
    status: "active",
    startDate: FEB,
    trialStart: null,
    trialEnd: null,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    // the renewal of 1 Mar moved the subscription last, before the invoice (created at(1))
    lastEventAt: T0,
    items: [item()],
    ...over,
  };
}

describe("matchSubscriptionItem", () => {
  it("matches by price among the customer's subscriptions; none without a subscription or a price", () => {
    const ctx = context({ subscriptions: [sub()] });
    expect(matchSubscriptionItem(ctx, line())?.item.stripeId).toBe("si_1");
    expect(matchSubscriptionItem(ctx, line({ priceId: "price_other" }))).toBeNull();
    expect(matchSubscriptionItem(ctx, line({ priceId: null }))).toBeNull();
    expect(matchSubscriptionItem(context(), line())).toBeNull();
  });
  it("among several items with the price: the one whose period overlaps the line, else the latest started before it", () => {
    const old = sub({
      stripeId: "sub_old",
      startDate: d("2025-01-01T00:00:00Z"),
      status: "canceled",
      endedAt: FEB,
      items: [item({ stripeId: "si_old", currentPeriodStart: d("2026-01-01T00:00:00Z"), currentPeriodEnd: FEB })],
    });
    const cur = sub({ stripeId: "sub_new", startDate: FEB, items: [item({ stripeId: "si_new", currentPeriodStart: FEB, currentPeriodEnd: T0 })] });
    const ctx = context({ subscriptions: [old, cur] });
    expect(matchSubscriptionItem(ctx, line({ periodStart: d("2026-01-01T00:00:00Z"), periodEnd: FEB }))?.item.stripeId).toBe("si_old");
    // March: no item's current period overlaps; the newer subscription had started
    expect(matchSubscriptionItem(ctx, line())?.item.stripeId).toBe("si_new");
    // two equally plausible items: no match rather than a guess
    const twin = sub({ stripeId: "sub_twin", startDate: FEB, items: [item({ stripeId: "si_twin", currentPeriodStart: FEB, currentPeriodEnd: T0 })] });
    expect(matchSubscriptionItem(context({ subscriptions: [cur, twin] }), line())).toBeNull();
  });
});

describe("matchSubscriptionItem by the line's subscription item id", () => {
  // Two subscriptions bill the same price: by price alone the choice is ambiguous (null).
  const a = sub({ stripeId: "sub_a", items: [item({ stripeId: "si_a" })] });
  const b = sub({ stripeId: "sub_b", items: [item({ stripeId: "si_b" })] });
  it("takes the item the line names, even where the price match is ambiguous or the item's price changed since", () => {
    const ctx = context({ subscriptions: [a, b] });
    expect(matchSubscriptionItem(ctx, line())).toBeNull();
    expect(matchSubscriptionItem(ctx, line({ subscriptionItemId: "si_b" }))).toMatchObject({ subscription: { stripeId: "sub_b" }, item: { stripeId: "si_b" } });
    expect(matchSubscriptionItem(ctx, line({ subscriptionItemId: "si_a" }))?.item.stripeId).toBe("si_a");
    // plan swapped on the same item (Stripe keeps the item id): the line of the old price still names it
    const swapped = context({ subscriptions: [sub({ items: [item({ stripeId: "si_1", priceId: "price_pro" })] })] });
    expect(matchSubscriptionItem(swapped, line())).toBeNull();
    expect(matchSubscriptionItem(swapped, line({ subscriptionItemId: "si_1" }))?.item.priceId).toBe("price_pro");
  });
  it("falls back to the price match when the named item is not among the customer's subscriptions, or none is named", () => {
    const ctx = context({ subscriptions: [a] });
    expect(matchSubscriptionItem(ctx, line({ subscriptionItemId: "si_unknown" }))?.item.stripeId).toBe("si_a");
    expect(matchSubscriptionItem(ctx, line({ subscriptionItemId: null }))?.item.stripeId).toBe("si_a");
    expect(matchSubscriptionItem(context(), line({ subscriptionItemId: "si_a" }))).toBeNull();
  });
  it("the subscription rules follow the id: the named item's quantity is the one compared", () => {
    const eight = sub({ stripeId: "sub_b", items: [item({ stripeId: "si_b", quantity: 8n })] });
    const ctx = withInvoice({ lines: [line({ subscriptionItemId: "si_b" })] }, { subscriptions: [a, eight] });
    expect(quantityMismatch(ctx).map((f) => f.evidence.subscriptionItem)).toEqual(["si_b"]);
    expect(quantityMismatch(withInvoice({ lines: [line({ subscriptionItemId: "si_a" })] }, { subscriptions: [a, eight] }))).toEqual([]);
  });
});

describe("after_subscription_end", () => {
  it("fires for a charge whose period starts at or after ended_at, with the line's amount at stake", () => {
    const [f, ...rest] = afterSubscriptionEnd(context({ subscriptions: [sub({ status: "canceled", endedAt: T0, canceledAt: T0 })] }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "after_subscription_end", fingerprint: "after_subscription_end:il_1", amountAtStakeMinor: 12000n, severity: "HIGH" });
    expect(f.evidence).toMatchObject({ subscription: "sub_1", endedAt: T0.toISOString(), endedBy: "ended_at" });
    expect(f.suggestion).toMatchObject({ kind: "recalculation", edits: [{ type: "remove_line", lineId: "il_1" }], differenceMinor: 12000n });
  });
  it("uses cancel_at once it has passed, never a future one", () => {
    const past = afterSubscriptionEnd(context({ subscriptions: [sub({ cancelAt: at(-60) })] }));
    expect(past[0].evidence).toMatchObject({ endedBy: "cancel_at" });
    expect(afterSubscriptionEnd(context({ now: at(-120), subscriptions: [sub({ cancelAt: at(-60) })] }))).toEqual([]);
  });
  it("stays silent for a period before the end, a credit, a running subscription, a void invoice, other prices", () => {
    const ended = [sub({ endedAt: APR })];
    expect(afterSubscriptionEnd(context({ subscriptions: ended }))).toEqual([]);
    expect(afterSubscriptionEnd(context({ subscriptions: [sub()] }))).toEqual([]);
    const endedMar = [sub({ endedAt: T0 })];
    expect(afterSubscriptionEnd(withInvoice({ lines: [line({ amount: -500n, proration: true })] }, { subscriptions: endedMar }))).toEqual([]);
    expect(afterSubscriptionEnd(withInvoice({ status: "VOID" }, { subscriptions: endedMar }))).toEqual([]);
    expect(afterSubscriptionEnd(withInvoice({ lines: [line({ priceId: "price_x" })] }, { subscriptions: endedMar }))).toEqual([]);
  });
  it("replaces after_service_end where a subscription bills the line, which keeps contract-only lines", () => {
    const tariffs = [tariff({ validTo: FEB })];
    expect(afterServiceEnd(context({ tariffs })).map((f) => f.rule)).toEqual(["after_service_end"]);
    const rules = runRules(context({ tariffs, subscriptions: [sub({ endedAt: T0 })] })).map((f) => f.rule);
    expect(rules).toContain("after_subscription_end");
    expect(rules).not.toContain("after_service_end");
  });
});

describe("trial_charged", () => {
  const trial = (over: Partial<AuditSubscription> = {}) => [sub({ status: "trialing", trialStart: FEB, trialEnd: APR, ...over })];
  it("fires for a positive charge for a period starting inside trial_start..trial_end", () => {
    const [f] = trialCharged(context({ subscriptions: trial() }));
    expect(f).toMatchObject({ rule: "trial_charged", fingerprint: "trial_charged:il_1", amountAtStakeMinor: 12000n });
    expect(f.evidence).toMatchObject({ trialStart: FEB.toISOString(), trialEnd: APR.toISOString() });
    expect(f.suggestion).toMatchObject({ edits: [{ type: "set_amount", lineId: "il_1", amount: 0n }], differenceMinor: 12000n });
  });
  it("does not fire for Stripe's zero trial line, the first period after the trial, or a subscription without a trial", () => {
    expect(trialCharged(withInvoice({ lines: [line({ amount: 0n, unitAmountDecimal: "0" })] }, { subscriptions: trial() }))).toEqual([]);
    expect(trialCharged(context({ subscriptions: trial({ trialEnd: T0 }) }))).toEqual([]);
    expect(trialCharged(context({ subscriptions: [sub()] }))).toEqual([]);
    // a metered item's usage: not judged by this rule
    expect(trialCharged(context({ subscriptions: trial({ items: [item({ quantity: null })] }) }))).toEqual([]);
  });
});

describe("quantity_mismatch", () => {
  it("fires when the period's regular line bills another quantity than the item's, with the price difference at stake", () => {
    const [f] = quantityMismatch(context({ subscriptions: [sub({ items: [item({ quantity: 8n })] })] }));
    expect(f).toMatchObject({ rule: "quantity_mismatch", fingerprint: "quantity_mismatch:il_1", amountAtStakeMinor: 2400n, severity: "HIGH" });
    expect(f.evidence).toMatchObject({ billedQuantity: "10", itemQuantity: "8", expected: 9600n });
    expect(f.suggestion).toMatchObject({ edits: [{ type: "set_quantity", lineId: "il_1", quantity: "8" }], differenceMinor: 2400n });
    const under = quantityMismatch(context({ subscriptions: [sub({ items: [item({ quantity: 12n })] })] }))[0];
    expect(under).toMatchObject({ severity: "MEDIUM", amountAtStakeMinor: 2400n });
  });
  it("recomputes a tiered line at the item's quantity", () => {
    const tiered = line({
      quantity: "12",
      amount: 17400n, // 10 × 1500 + 2 × 1200
      unitAmountDecimal: null,
      price: {
        billingScheme: "tiered",
        tiersMode: "graduated",
        tiers: [
          { upTo: 10, unitAmount: 1500 },
          { upTo: "inf", unitAmount: 1200 },
        ],
      },
    });
    const [f] = quantityMismatch(withInvoice({ lines: [tiered] }, { subscriptions: [sub({ items: [item({ quantity: 10n })] })] }));
    expect(f.evidence).toMatchObject({ expected: 15000n });
    expect(f.amountAtStakeMinor).toBe(2400n);
  });
  it("leaves alone prorations, other periods, metered items, equal quantities, and invoices the subscription changed after", () => {
    const eight = (over: Partial<AuditSubscription> = {}) => [sub({ items: [item({ quantity: 8n })], ...over })];
    expect(quantityMismatch(withInvoice({ lines: [line({ proration: true })] }, { subscriptions: eight() }))).toEqual([]);
    expect(quantityMismatch(withInvoice({ lines: [line({ periodStart: at(60 * 24 * 12) })] }, { subscriptions: eight() }))).toEqual([]);
    expect(quantityMismatch(context({ subscriptions: [sub({ items: [item({ quantity: null })] })] }))).toEqual([]);
    expect(quantityMismatch(context({ subscriptions: [sub({ items: [item({ quantity: 10n })] })] }))).toEqual([]);
    // seats changed with proration_behavior=none after (or in the same second as) the invoice: the period rightly stays at the old count
    expect(quantityMismatch(context({ subscriptions: eight({ lastEventAt: at(30) }) }))).toEqual([]);
    expect(quantityMismatch(context({ subscriptions: eight({ lastEventAt: at(1) }) }))).toEqual([]);
    expect(quantityMismatch(context({ subscriptions: eight({ lastEventAt: null }) }))).toEqual([]);
  });
});

describe("a tier applied out of its range (no rule of its own: line_math recomputes tiered lines)", () => {
  const tiers = [
    { upTo: 10, unitAmount: 1500 },
    { upTo: "inf" as const, unitAmount: 1200 },
  ];
  it("volume: 12 seats billed at the first tier's 1500 instead of the second's 1200 is a line_math finding", () => {
    const wrong = line({ quantity: "12", amount: 18000n, unitAmountDecimal: null, price: { billingScheme: "tiered", tiersMode: "volume", tiers } });
    const [f] = lineMath(withInvoice({ lines: [wrong] }));
    expect(f).toMatchObject({ rule: "line_math", amountAtStakeMinor: 3600n, evidence: { expected: 14400n, basis: "price" } });
    expect(lineMath(withInvoice({ lines: [{ ...wrong, amount: 14400n }] }))).toEqual([]);
  });
  it("graduated: all 12 seats at the first tier instead of 10 + 2 is a line_math finding", () => {
    const wrong = line({ quantity: "12", amount: 18000n, unitAmountDecimal: null, price: { billingScheme: "tiered", tiersMode: "graduated", tiers } });
    expect(lineMath(withInvoice({ lines: [wrong] }))[0]).toMatchObject({ amountAtStakeMinor: 600n, evidence: { expected: 17400n } });
  });
});

describe("all rules with a clean subscription", () => {
  it("find nothing on a clean invoice of a running subscription", () => {
    expect(
      runRules(context({ subscriptions: [sub()] }), (rule, e) => {
        throw new Error(`${rule}: ${String(e)}`);
      }),
    ).toEqual([]);
  });
});
