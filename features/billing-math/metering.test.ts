import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rational } from "@/lib/money";
import { aggregateUsage, meteredLineAmount, type MeterEventInput } from "./metering";
import { priceAmount, type PriceInput } from "./pricing";

const MAR = Date.UTC(2027, 2, 1) / 1000;
const APR = Date.UTC(2027, 3, 1) / 1000;
const MARCH = { start: MAR, end: APR };

describe("Stripe's documented examples", () => {
  it("Alpaca AI (usage-based implementation guide): 0.04 USD per 1,000 tokens, summed over the month, billed in arrears", () => {
    // https://docs.stripe.com/billing/subscriptions/usage-based/implementation-guide: "Alpaca AI
    // charges their users 0.04 USD per 1,000 tokens of consumption, billing at the end of the
    // month in arrears"; the meter sums the tokens; the price is a package price (4 cents per
    // 1,000 units, transform_quantity divide_by=1000, rounded up to a whole package).
    const price: PriceInput = { unitAmount: 4, transformQuantity: { divideBy: 1000, round: "up" } };
    const events: MeterEventInput[] = [
      { timestamp: MAR + 3600, value: 250_000 },
      { timestamp: MAR + 10 * 86_400, value: 499_500 },
      { timestamp: APR - 1, value: 1_000 }, // the last second of March counts
      { timestamp: APR, value: 9_999_999 }, // April: the next invoice
      { timestamp: MAR - 1, value: 9_999_999 }, // February: the previous one
    ];
    const r = meteredLineAmount(price, "sum", events, MARCH, "usd");
    expect(r.usage).toEqual(rational(750_500n));
    expect(r.events).toBe(3);
    expect(r.billedQuantity).toEqual(rational(751n)); // 750.5 packages, rounded up
    expect(r.amount).toBe(3004n); // 751 × 0.04 USD = 30.04 USD
  });

  it("meter aggregation formulas (Billing Meter API): count the events, sum their values, last event's value in the window", () => {
    const events: MeterEventInput[] = [
      { timestamp: MAR + 10, value: 10 },
      { timestamp: MAR + 30, value: 7 },
      { timestamp: MAR + 20, value: 5 }, // sent later, but earlier in time
    ];
    expect(aggregateUsage("sum", events, MARCH)).toEqual({ usage: rational(22n), events: 3 });
    expect(aggregateUsage("count", events, MARCH)).toEqual({ usage: rational(3n), events: 3 });
    expect(aggregateUsage("last", events, MARCH)).toEqual({ usage: rational(7n), events: 3 });
  });
});

describe("metered aggregation", () => {
  it("an empty window is 0 usage (a metered line of 0), for every formula", () => {
    for (const f of ["sum", "count", "last"] as const) expect(aggregateUsage(f, [{ timestamp: APR, value: 5 }], MARCH).usage).toEqual(rational(0n));
  });

  it("last: on equal timestamps the later event wins; count needs no value; sum and last do", () => {
    const tie: MeterEventInput[] = [
      { timestamp: MAR, value: 1 },
      { timestamp: MAR, value: 2 },
    ];
    expect(aggregateUsage("last", tie, MARCH).usage).toEqual(rational(2n));
    expect(aggregateUsage("count", [{ timestamp: MAR }], MARCH).usage).toEqual(rational(1n));
    expect(() => aggregateUsage("sum", [{ timestamp: MAR }], MARCH)).toThrow(/needs a value/);
    expect(() => aggregateUsage("sum", [], { start: APR, end: MAR })).toThrow(RangeError);
  });

  it("decimal values sum exactly and price per unit exactly (rounded once on the line)", () => {
    const r = meteredLineAmount(
      { unitAmountDecimal: "0.5" },
      "sum",
      [0.1, 0.2, 0.35].map((value, i) => ({ timestamp: MAR + i, value })),
      MARCH,
      "usd",
    );
    expect(r.usage).toEqual(rational(13n, 20n)); // 0.65
    expect(r.exact).toEqual(rational(13n, 40n)); // 0.325 cent
    expect(r.amount).toBe(0n);
  });

  it("tiered metered price: 12,340 API calls over graduated tiers (10,000 free, then 0.5 cent), with the tier breakdown", () => {
    const price: PriceInput = {
      billingScheme: "tiered",
      tiersMode: "graduated",
      tiers: [
        { upTo: 10_000, unitAmount: 0 },
        { upTo: 50_000, unitAmountDecimal: "0.5" },
        { upTo: "inf", unitAmountDecimal: "0.2" },
      ],
    };
    const events = [10_000, 2_000, 340].map((value, i) => ({ timestamp: MAR + i * 86_400, value }));
    const r = meteredLineAmount(price, "sum", events, MARCH, "usd");
    expect(r.amount).toBe(1170n); // the emulator's renewal bills the same (stripe-emulator/test/billing-meters.test.ts)
    expect(r.tiers.map((t) => [t.tier, t.quantity])).toEqual([
      [0, 10_000n],
      [1, 2_340n],
    ]);
  });

  it("property: the sum over a split window is the sum of the parts, and the line equals pricing the usage directly", () => {
    const price: PriceInput = {
      billingScheme: "tiered",
      tiersMode: "volume",
      tiers: [
        { upTo: 100, unitAmount: 3 },
        { upTo: "inf", unitAmount: 2, flatAmount: 50 },
      ],
    };
    fc.assert(
      fc.property(
        fc.array(fc.record({ timestamp: fc.integer({ min: MAR - 100, max: APR + 100 }), value: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 40 }),
        fc.integer({ min: MAR + 1, max: APR - 1 }),
        (events, cut) => {
          const whole = aggregateUsage("sum", events, MARCH);
          const a = aggregateUsage("sum", events, { start: MAR, end: cut });
          const b = aggregateUsage("sum", events, { start: cut, end: APR });
          expect(whole.usage.n).toBe(a.usage.n + b.usage.n);
          expect(whole.events).toBe(a.events + b.events);
          expect(meteredLineAmount(price, "sum", events, MARCH, "usd").amount).toBe(priceAmount(price, whole.usage.n, "usd").amount);
        },
      ),
      { numRuns: 200 },
    );
  });
});
