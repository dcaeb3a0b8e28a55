import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, rational, roundHalfUp, type Rational } from "@/lib/money";
import { priceAmount, tierBounds, transformQuantity, type PriceInput, type TierInput } from "./pricing";
import { tierQuantityArb, tiersArb } from "./testing/price-arbitraries";

const RUNS = { numRuns: 300 };
const amountOf = (price: PriceInput, quantity: number | string, currency = "usd") => priceAmount(price, quantity, currency).amount;

// https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing — Typographic's tiers:
// fonts 1-5 at 7 USD, 6-10 at 6.5 USD, 11+ at 6 USD.
const TYPOGRAPHIC: TierInput[] = [
  { upTo: 5, unitAmount: 700 },
  { upTo: 10, unitAmount: 650 },
  { upTo: "inf", unitAmount: 600 },
];

describe("Stripe's documented examples", () => {
  it("volume-based pricing, Typographic table (tiered-pricing page): 1→7, 5→35, 6→39, 20→120, 25→150 USD", () => {
    // https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing#volume-based-pricing
    const price: PriceInput = { billingScheme: "tiered", tiersMode: "volume", tiers: TYPOGRAPHIC };
    expect([1, 5, 6, 20, 25].map((q) => amountOf(price, q))).toEqual([700n, 3500n, 3900n, 12000n, 15000n]);
  });

  it("graduated pricing, Typographic tiers: 5 fonts cost 35 USD as with volume; above, each tier prices its own units", () => {
    // https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing#graduated-pricing:
    // "5 fonts result in the same charge as volume-based pricing: 35 USD"; "The quantity is
    // multiplied by the amount for each tier and the totals for each tier are summed together."
    const price: PriceInput = { billingScheme: "tiered", tiersMode: "graduated", tiers: TYPOGRAPHIC };
    expect(amountOf(price, 5)).toBe(3500n);
    expect(amountOf(price, 6)).toBe(3500n + 650n); // 5 × 7 + 1 × 6.5
    expect(amountOf(price, 20)).toBe(3500n + 5n * 650n + 10n * 600n);
    const parts = priceAmount(price, 25, "usd").tiers;
    expect(parts.map((p) => [p.tier, p.from, p.upTo, p.quantity])).toEqual([
      [0, 1n, 5n, 5n],
      [1, 6n, 10n, 5n],
      [2, 11n, null, 15n],
    ]);
  });

  it("package pricing, 10 USD for every 5 users or portion thereof: 1, 3, 5 → 10 USD; 6, 7 → 20 USD", () => {
    // https://stripe.com/docs/billing/subscriptions/quantity-transformation (transform_quantity divide_by=5 round=up)
    const price: PriceInput = { unitAmount: 1000, transformQuantity: { divideBy: 5, round: "up" } };
    expect([1, 3, 5, 6, 7].map((q) => amountOf(price, q))).toEqual([1000n, 1000n, 1000n, 2000n, 2000n]);
  });

  it("transform quantities, car rental at 10 USD per started hour: 150 minutes → 30 USD", () => {
    // https://docs.stripe.com/billing/subscriptions/usage-based/transform-quantities
    const price: PriceInput = { unitAmount: 1000, transformQuantity: { divideBy: 60, round: "up" } };
    const r = priceAmount(price, 150, "usd");
    expect(r.amount).toBe(3000n);
    expect(r.billedQuantity).toEqual(rational(3n));
  });

  it("decimal amounts: unit_amount_decimal 0.05 × quantity 30 = 1.5 cents, rounded on the line to 2 cents", () => {
    // https://stripe.com/docs/billing/subscriptions/decimal-amounts ("Rounding")
    expect(amountOf({ unitAmountDecimal: "0.05" }, 30)).toBe(2n);
  });

  it("fixed fee and overage usage tiers (0-1000 at 0 USD, 1000+ at 0.04 USD): 1,500 tokens → 20 USD", () => {
    // https://docs.stripe.com/billing/subscriptions/usage-based-v1/use-cases/flat-fee-and-overages
    const price: PriceInput = {
      billingScheme: "tiered",
      tiersMode: "graduated",
      tiers: [
        { upTo: 1000, unitAmount: 0 },
        { upTo: "inf", unitAmountDecimal: "4" },
      ],
    };
    expect(amountOf(price, 1500)).toBe(2000n);
    expect(amountOf(price, 1000)).toBe(0n);
  });
});

describe("price math rules", () => {
  it("a graduated line is rounded once, on the exact sum of its tiers (not per tier)", () => {
    const price: PriceInput = {
      billingScheme: "tiered",
      tiersMode: "graduated",
      tiers: [
        { upTo: 1, unitAmountDecimal: "0.4" },
        { upTo: "inf", unitAmountDecimal: "0.4" },
      ],
    };
    // 1 × 0.4 + 1 × 0.4 = 0.8 → 1; per-tier rounding would give 0 + 0 = 0
    expect(amountOf(price, 2)).toBe(1n);
  });

  it("flat amounts are charged once per tier reached; quantity 0 reaches only the first tier", () => {
    const tiers: TierInput[] = [
      { upTo: 10, flatAmount: 500, unitAmount: 0 },
      { upTo: "inf", flatAmountDecimal: "200", unitAmount: 10 },
    ];
    const g: PriceInput = { billingScheme: "tiered", tiersMode: "graduated", tiers };
    expect(amountOf(g, 0)).toBe(500n);
    expect(amountOf(g, 10)).toBe(500n);
    expect(amountOf(g, 11)).toBe(500n + 200n + 10n);
    const v: PriceInput = { billingScheme: "tiered", tiersMode: "volume", tiers };
    expect(amountOf(v, 11)).toBe(200n + 110n);
  });

  it("three-decimal currencies round the line to a multiple of 10", () => {
    expect(amountOf({ unitAmountDecimal: "1.5" }, 3, "kwd")).toBe(0n); // 4.5 → 0
    expect(amountOf({ unitAmountDecimal: "3" }, 3, "kwd")).toBe(10n); // 9 → 10
  });

  it("rejects malformed tiers and fractional tiered quantities", () => {
    expect(() => tierBounds([])).toThrow(/at least one tier/);
    expect(() => tierBounds([{ upTo: 5, unitAmount: 1 }])).toThrow(/last tier/);
    expect(() =>
      tierBounds([
        { upTo: "inf", unitAmount: 1 },
        { upTo: "inf", unitAmount: 1 },
      ]),
    ).toThrow(/only the last/);
    expect(() => tierBounds([{ upTo: 5, unitAmount: 1 }, { upTo: 5, unitAmount: 1 }, { upTo: "inf" }])).toThrow(/greater/);
    expect(() => priceAmount({ billingScheme: "tiered", tiersMode: "volume", tiers: TYPOGRAPHIC }, "1.5", "usd")).toThrow(/whole/);
  });

  it("transform_quantity rounds down when asked: 150 minutes per full hour → 2", () => {
    expect(transformQuantity(rational(150n), { divideBy: 60, round: "down" })).toBe(2n);
    expect(transformQuantity(rational(120n), { divideBy: 60, round: "up" })).toBe(2n);
  });
});

const sum = (xs: Rational[]) => xs.reduce(add, rational(0n));

describe("price math properties", { timeout: 60_000 }, () => {
  it("graduated: the exact total is the sum of the per-tier parts, whose units add up to the quantity", () => {
    fc.assert(
      fc.property(tiersArb, tierQuantityArb, (tiers, q) => {
        const r = priceAmount({ billingScheme: "tiered", tiersMode: "graduated", tiers }, q, "usd");
        expect(r.exact).toEqual(sum(r.tiers.map((p) => p.exact)));
        expect(r.amount).toBe(roundHalfUp(r.exact));
        expect(r.tiers.reduce((a, p) => a + p.quantity, 0n)).toBe(BigInt(q));
        // tiers are filled in order: every tier but the last one reached is full
        r.tiers.slice(0, -1).forEach((p) => expect(p.quantity).toBe(p.upTo! - p.from + 1n));
      }),
      RUNS,
    );
  });

  it("volume: exactly one tier prices the whole quantity, the one whose range holds it", () => {
    fc.assert(
      fc.property(tiersArb, tierQuantityArb, (tiers, q) => {
        const r = priceAmount({ billingScheme: "tiered", tiersMode: "volume", tiers }, q, "usd");
        expect(r.tiers).toHaveLength(1);
        const [p] = r.tiers;
        expect(p.quantity).toBe(BigInt(q));
        expect(p.upTo === null || BigInt(q) <= p.upTo).toBe(true);
        expect(q === 0 || BigInt(q) >= p.from).toBe(true);
        expect(r.exact).toEqual(p.exact);
      }),
      RUNS,
    );
  });

  it("graduated is monotone in quantity (non-negative tiers): one more unit never costs less", () => {
    fc.assert(
      fc.property(tiersArb, tierQuantityArb, (tiers, q) => {
        const price: PriceInput = { billingScheme: "tiered", tiersMode: "graduated", tiers };
        expect(priceAmount(price, q + 1, "usd").amount >= priceAmount(price, q, "usd").amount).toBe(true);
      }),
      RUNS,
    );
  });

  it("package rounding stays within one package of the exact quotient", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 1_000 }), fc.constantFrom("up" as const, "down" as const), (q, by, round) => {
        const billed = transformQuantity(rational(BigInt(q)), { divideBy: by, round });
        const Q = BigInt(q),
          B = BigInt(by);
        if (round === "up") expect(billed * B >= Q && (billed - 1n) * B < Q).toBe(true);
        else expect(billed * B <= Q && (billed + 1n) * B > Q).toBe(true);
        if (Q % B === 0n) expect(billed).toBe(Q / B);
      }),
      RUNS,
    );
  });
});
