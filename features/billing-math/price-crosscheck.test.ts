// Cross-check of tiered and package prices against the Stripe emulator, which prices invoice items
// with its own, independent code (stripe-emulator/src/price-math.ts): for random tiers and
// quantities, the amount the emulator writes on the invoice item equals priceAmount(). Nothing of
// the emulator's money code is imported: only its entry point, called in process through its API.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { priceAmount, type TierInput } from "./pricing";
import { tierQuantityArb, tiersArb, tiersModeArb } from "./testing/price-arbitraries";

type Api = (method: string, path: string, params?: Record<string, unknown>) => { status: number; body: Record<string, unknown> };

const stripeTier = (t: TierInput) => ({
  up_to: t.upTo === null ? "inf" : t.upTo,
  ...(t.unitAmount != null ? { unit_amount: t.unitAmount } : {}),
  ...(t.unitAmountDecimal != null ? { unit_amount_decimal: String(t.unitAmountDecimal) } : {}),
  ...(t.flatAmount != null ? { flat_amount: t.flatAmount } : {}),
  ...(t.flatAmountDecimal != null ? { flat_amount_decimal: String(t.flatAmountDecimal) } : {}),
});

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
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 500 }), fc.constantFrom("up" as const, "down" as const), fc.integer({ min: 0, max: 20_000 }), (quantity, divideBy, round, unit) => {
        const price = call("POST", "/v1/prices", { currency: "usd", product, unit_amount: unit, transform_quantity: { divide_by: divideBy, round } });
        const item = call("POST", "/v1/invoiceitems", { customer, currency: "usd", pricing: { price: price.id }, quantity });
        expect(BigInt(item.amount as number)).toBe(priceAmount({ unitAmount: unit, transformQuantity: { divideBy, round } }, quantity, "usd").amount);
      }),
      { numRuns: 200 },
    );
  });
});
