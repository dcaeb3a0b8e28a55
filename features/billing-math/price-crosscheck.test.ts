// Cross-check of tiered and package prices against the Stripe emulator, which prices invoice items
// with its own, independent code (stripe-emulator/src/price-math.ts): for random tiers and
// quantities, the amount the emulator writes on the invoice item equals priceAmount(). Nothing of
// the emulator's money code is imported: only its entry point, called in process through its API.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { priceAmount, type PriceInput, type TierInput } from "./pricing";
import { prorateChange } from "./proration";
import { tierQuantityArb, tiersArb, tiersModeArb } from "./testing/price-arbitraries";

type Api = (method: string, path: string, params?: Record<string, unknown>) => { status: number; body: Record<string, unknown> };

const stripeTier = (t: TierInput) => ({
  up_to: t.upTo === null ? "inf" : t.upTo,
  ...(t.unitAmount != null ? { unit_amount: t.unitAmount } : {}),
  ...(t.unitAmountDecimal != null ? { unit_amount_decimal: String(t.unitAmountDecimal) } : {}),
  ...(t.flatAmount != null ? { flat_amount: t.flatAmount } : {}),
  ...(t.flatAmountDecimal != null ? { flat_amount_decimal: String(t.flatAmountDecimal) } : {}),
});

const unitArb = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 9_999 })).map(([i, f]) => `${i}.${String(f).padStart(4, "0")}`),
);
/** A recurring price: per_unit (integer or decimal unit amount) or tiered. */
const recurringPriceArb: fc.Arbitrary<{ params: Record<string, unknown>; price: PriceInput }> = fc.oneof(
  unitArb.map((u) => ({ params: { unit_amount_decimal: u }, price: { unitAmountDecimal: u } as PriceInput })),
  fc.tuple(tiersModeArb, tiersArb).map(([mode, tiers]) => ({
    params: { billing_scheme: "tiered", tiers_mode: mode, tiers: tiers.map(stripeTier) },
    price: { billingScheme: "tiered", tiersMode: mode, tiers } as PriceInput,
  })),
);

describe("price math vs the Stripe emulator", { timeout: 120_000 }, () => {
  let api: Api;
  let close: (() => Promise<void>) | undefined;
  let customer: string;
  let product: string;

  beforeAll(async () => {
    const emulatorModule = "../../stripe-emulator/index";
    const { startEmulator } = await import(/* @vite-ignore */ emulatorModule);
    const running = await startEmulator({ port: 0, seed: 16 });
    close = running.close;
    api = (method, path, params = {}) => running.emulator.api(method, path, params);
    customer = String(api("POST", "/v1/customers", { email: "tiers@crosscheck.test" }).body.id);
    product = String(api("POST", "/v1/products", { name: "Tiered" }).body.id);
  });
  afterAll(async () => {
    await close?.();
  });

  const call = (method: string, path: string, params: Record<string, unknown>) => {
    const r = api(method, path, params);
    if (r.status !== 200) throw new Error(`${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  it("tiered line amounts (graduated and volume, flat and decimal tiers) equal priceAmount()", () => {
    fc.assert(
      fc.property(tiersModeArb, tiersArb, tierQuantityArb, fc.constantFrom("usd", "jpy", "kwd"), (mode, tiers, quantity, currency) => {
        const price = call("POST", "/v1/prices", { currency, product, billing_scheme: "tiered", tiers_mode: mode, tiers: tiers.map(stripeTier) });
        const item = call("POST", "/v1/invoiceitems", { customer, currency, pricing: { price: price.id }, quantity });
        expect(BigInt(item.amount as number)).toBe(priceAmount({ billingScheme: "tiered", tiersMode: mode, tiers }, quantity, currency).amount);
      }),
      { numRuns: 400 },
    );
  });

  it("package (transform_quantity) line amounts equal priceAmount()", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom("up" as const, "down" as const),
        fc.integer({ min: 0, max: 20_000 }),
        (quantity, divideBy, round, unit) => {
          const price = call("POST", "/v1/prices", { currency: "usd", product, unit_amount: unit, transform_quantity: { divide_by: divideBy, round } });
          const item = call("POST", "/v1/invoiceitems", { customer, currency: "usd", pricing: { price: price.id }, quantity });
          expect(BigInt(item.amount as number)).toBe(priceAmount({ unitAmount: unit, transformQuantity: { divideBy, round } }, quantity, "usd").amount);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("subscription proration items (quantity and price changes at any second) equal prorateChange()", () => {
    fc.assert(
      fc.property(
        recurringPriceArb,
        recurringPriceArb,
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (from, to, q0, q1, at) => {
          const oldPrice = call("POST", "/v1/prices", { currency: "usd", product, recurring: { interval: "month" }, ...from.params });
          const newPrice = call("POST", "/v1/prices", { currency: "usd", product, recurring: { interval: "month" }, ...to.params });
          const c = call("POST", "/v1/customers", { email: "proration@crosscheck.test" });
          const sub = call("POST", "/v1/subscriptions", {
            customer: c.id,
            items: [{ price: oldPrice.id, quantity: q0 }],
            collection_method: "send_invoice",
            days_until_due: 30,
          });
          const si = (sub.items as { data: Record<string, number | string>[] }).data[0];
          const start = Number(si.current_period_start),
            end = Number(si.current_period_end);
          const t = start + Math.floor((end - start) * at);
          call("POST", `/v1/subscriptions/${sub.id}`, { items: [{ id: si.id, price: newPrice.id, quantity: q1 }], proration_date: t });
          const items = call("GET", "/v1/invoiceitems", { customer: c.id, pending: true, limit: 10 }).data as Record<string, unknown>[];
          const pending = items.map((i) => BigInt(i.amount as number));
          // each proration's quantity × pricing.unit_amount_decimal gives its amount (line math holds);
          // not at quantity 0, where a tier's flat amount can still be prorated
          for (const i of items.filter((x) => x.quantity !== 0)) {
            const unit = (i.pricing as { unit_amount_decimal: string }).unit_amount_decimal;
            expect(priceAmount({ unitAmountDecimal: unit }, i.quantity as number, "usd").amount).toBe(BigInt(i.amount as number));
          }
          const expected = prorateChange({ price: from.price, quantity: q0 }, { price: to.price, quantity: q1 }, { start, end }, t, "usd");
          // a new price every time: always a credit and a debit
          expect(pending.sort((a, b) => (a < b ? -1 : 1))).toEqual([expected.credit.amount, expected.debit.amount].sort((a, b) => (a < b ? -1 : 1)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
