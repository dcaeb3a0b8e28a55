// fast-check generators of Stripe tiered prices (tests only): 1–5 tiers with increasing up_to,
// the last one "inf", integer or decimal unit amounts and optional flat amounts.
import fc from "fast-check";
import type { TierInput, TiersMode } from "../pricing";

const unitAmountArb = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }).map((n) => ({ unitAmount: n })),
  fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 9_999 })).map(([i, f]) => ({ unitAmountDecimal: `${i}.${String(f).padStart(4, "0")}` })),
);
const flatAmountArb = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 0, max: 50_000 }).map((n) => ({ flatAmount: n })),
  fc.integer({ min: 0, max: 50_000 }).map((n) => ({ flatAmountDecimal: String(n) })),
);

export const tiersArb: fc.Arbitrary<TierInput[]> = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 200 }), unitAmountArb, flatAmountArb), { minLength: 1, maxLength: 5 })
  .map((rows) => {
    let bound = 0;
    return rows.map(([step, unit, flat], i) => {
      bound += step;
      return { upTo: i === rows.length - 1 ? ("inf" as const) : bound, ...unit, ...flat };
    });
  });

export const tiersModeArb: fc.Arbitrary<TiersMode> = fc.constantFrom("graduated", "volume");
export const tierQuantityArb = fc.integer({ min: 0, max: 1_500 });
