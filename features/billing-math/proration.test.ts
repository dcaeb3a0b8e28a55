import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rational } from "@/lib/money";
import { priceAmount, type PriceInput } from "./pricing";
import { prorateChange, prorationCredit, prorationDebit, prorationFactor, spanDays, type ProratedItem } from "./proration";
import { tierQuantityArb, tiersArb, tiersModeArb } from "./testing/price-arbitraries";

const RUNS = { numRuns: 300 };
const monthly = (unitAmount: number | string, quantity: number | string = 1): ProratedItem => ({ price: { unitAmountDecimal: String(unitAmount) }, quantity });

describe("Stripe's documented proration examples", () => {
  it("upgrading from a 10 USD to a 20 USD monthly plan halfway: −5 USD unused time, +10 USD remaining time, net +5 USD", () => {
    // https://docs.stripe.com/billing/subscriptions/prorations ("How prorations work")
    const period = { start: 1_700_000_000, end: 1_700_000_000 + 30 * 86_400 };
    const c = prorateChange(monthly(1000), monthly(2000), period, period.start + 15 * 86_400, "usd");
    expect(c.credit.amount).toBe(-500n);
    expect(c.debit.amount).toBe(1000n);
    expect(c.net).toBe(500n);
  });

  it("a recorded Stripe proration credit: 'Unused time on monthly widgets after 03 Mar 2017' = −364 on a 1000 plan", () => {
    // Recorded invoice in https://gist.github.com/matthewarkin/27bcfdf622eb91d3508ea082d0ad50b8:
    // proration_date 1488568488, line period [1488568488, 1489449600), plan amount 1000 monthly.
    // The billing period starts one month before its end: 2017-02-14T00:00:00Z = 1487030400.
    // 1000 × (1489449600 − 1488568488) / (1489449600 − 1487030400) = 364.21… → −364.
    const credit = prorationCredit(monthly(1000), { start: 1487030400, end: 1489449600 }, 1488568488, "usd");
    expect(credit.amount).toBe(-364n);
    expect(credit.period).toEqual({ start: 1488568488n, end: 1489449600n });
  });

  it("a recorded Stripe plan swap (API 2024-04-10): Basic 20 USD → Standard 25 USD on 17 Jun 2024 = −1986 and +2482", () => {
    // The invoice of features/billing-math/testing/recorded/not-collecting-two-rates-proration-usd-2024-04-10.json
    // (in_1PSndWGO0bcnzZi7UBMx9ilP), as recorded in its invoice.paid event with the lines' periods:
    // both lines [1718661676, 1721235234); the subscription's period started 1718643234 (its first
    // invoice's period_start), 30 days before the end. Remaining fraction 2573558 / 2592000.
    const period = { start: 1718643234, end: 1721235234 };
    const c = prorateChange(monthly(2000), monthly(2500), period, 1718661676, "usd");
    expect(c.credit.amount).toBe(-1986n);
    expect(c.debit.amount).toBe(2482n);
    expect(c.net).toBe(496n); // the recorded invoice's subtotal and total
    expect(c.debit.period).toEqual({ start: 1718661676n, end: 1721235234n });
  });

  it("proration is to the second: 100 seconds later credits less", () => {
    const period = { start: 0, end: 2_592_000 }; // 30 days
    const a = prorationCredit(monthly(100_000), period, 1_000_000, "usd");
    const b = prorationCredit(monthly(100_000), period, 1_000_100, "usd");
    expect(a.factor).toEqual(rational(1_592_000n, 2_592_000n));
    expect(a.amount).toBe(-61_420n); // 100000 × 1592000/2592000 = 61419.75…
    expect(b.amount).toBe(-61_416n); // 100000 × 1591900/2592000 = 61415.89…
  });
});

describe("proration rules", () => {
  it("each line is rounded on its own (a seat change from 10 to 12 at 15.00 with 19 of 31 days left)", () => {
    const period = { start: 0, end: 31 * 86_400 };
    const t = 12 * 86_400;
    const c = prorateChange(monthly(1500, 10), monthly(1500, 12), period, t, "usd");
    expect(c.credit.amount).toBe(-9194n); // 15000 × 19/31 = 9193.548…
    expect(c.debit.amount).toBe(11032n); // 18000 × 19/31 = 11032.258…
    expect(c.net).toBe(1838n); // the difference's own rounding (3000 × 19/31 = 1838.7 → 1839) would differ
    expect(spanDays(t, period.end)).toEqual(rational(19n));
  });

  it("tiered items prorate the whole-period amount of their quantity", () => {
    const price: PriceInput = {
      billingScheme: "tiered",
      tiersMode: "graduated",
      tiers: [
        { upTo: 5, unitAmount: 700 },
        { upTo: "inf", unitAmount: 600 },
      ],
    };
    const period = { start: 0, end: 100 };
    const c = prorateChange({ price, quantity: 5 }, { price, quantity: 7 }, period, 50, "usd");
    expect(c.credit.amount).toBe(-1750n);
    expect(c.debit.amount).toBe(2350n); // (3500 + 1200) / 2
  });

  it("rejects a proration date outside [period_start, period_end) and empty periods", () => {
    expect(() => prorationFactor({ start: 10, end: 20 }, 9)).toThrow(/outside/);
    expect(() => prorationFactor({ start: 10, end: 20 }, 20)).toThrow(/outside/);
    expect(() => prorationFactor({ start: 10, end: 10 }, 10)).toThrow(/after start/);
    expect(prorationFactor({ start: 10, end: 20 }, 10)).toEqual(rational(1n));
  });

  it("three-decimal currencies round each line to a multiple of 10", () => {
    const c = prorationDebit(monthly(1000), { start: 0, end: 3 }, 1, "kwd");
    expect(c.amount).toBe(670n); // 666.67 → 670
  });
});

const itemArb: fc.Arbitrary<ProratedItem> = fc.oneof(
  fc.record({ price: fc.integer({ min: 0, max: 500_000 }).map((n): PriceInput => ({ unitAmount: n })), quantity: fc.integer({ min: 0, max: 500 }) }),
  fc.record({
    price: fc.tuple(tiersModeArb, tiersArb).map(([tiersMode, tiers]): PriceInput => ({ billingScheme: "tiered", tiersMode, tiers })),
    quantity: tierQuantityArb,
  }),
);
const periodArb = fc
  .tuple(fc.integer({ min: 1_500_000_000, max: 1_900_000_000 }), fc.integer({ min: 86_400, max: 366 * 86_400 }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([start, len, at]) => ({
    period: { start, end: start + len },
    date: start + Math.min(len - 1, Math.floor(len * at)),
  }));

describe("proration properties", { timeout: 60_000 }, () => {
  it("an unchanged item nets 0 at any proration date (the full period included)", () => {
    fc.assert(
      fc.property(itemArb, periodArb, fc.constantFrom("usd", "jpy", "kwd"), (item, { period, date }, currency) => {
        expect(prorateChange(item, item, period, date, currency).net).toBe(0n);
        expect(prorateChange(item, item, period, period.start, currency).net).toBe(0n);
      }),
      RUNS,
    );
  });

  it("a change at the period start credits and debits whole periods: net = new price − old price", () => {
    fc.assert(
      fc.property(itemArb, itemArb, periodArb, fc.constantFrom("usd", "jpy", "kwd"), (from, to, { period }, currency) => {
        const c = prorateChange(from, to, period, period.start, currency);
        expect(c.credit.amount).toBe(-priceAmount(from.price, from.quantity, currency).amount);
        expect(c.debit.amount).toBe(priceAmount(to.price, to.quantity, currency).amount);
        expect(c.net).toBe(priceAmount(to.price, to.quantity, currency).amount - priceAmount(from.price, from.quantity, currency).amount);
      }),
      RUNS,
    );
  });

  it("a later proration date never credits or debits more (non-negative prices), and never more than a whole period", () => {
    fc.assert(
      fc.property(itemArb, periodArb, (item, { period, date }) => {
        const full = priceAmount(item.price, item.quantity, "usd").amount;
        const now = prorationDebit(item, period, date, "usd").amount;
        const later = prorationDebit(item, period, Math.min(period.end - 1, date + 3_600), "usd").amount;
        expect(later <= now && now <= full && later >= 0n).toBe(true);
      }),
      RUNS,
    );
  });
});
