// Price math: the amount of one invoice line priced by a Stripe Price (per_unit, package via
// transform_quantity, tiered graduated or volume). Pure, exact, no I/O.
//
// Stripe's rules this follows (stripe-emulator/README.md "Prices" has the same, with sources):
// - per_unit: quantity × unit_amount_decimal; with transform_quantity the quantity is first
//   divided by `divide_by` and rounded `up` or `down` to a whole number of packages
//   (docs.stripe.com/billing/subscriptions/usage-based/transform-quantities). Not combinable with tiers.
// - tiered: "The lower bound of a tier is the upper bound of the previous tier adding one. Use inf
//   to define a fallback tier" (Price API, tiers.up_to). graduated: each tier prices the units
//   inside it and the parts are summed; volume: the whole quantity is priced by the one tier the
//   quantity falls in (docs.stripe.com/subscriptions/pricing-models/tiered-pricing). A tier's
//   flat_amount is "the flat billing amount for an entire tier, regardless of the number of units
//   in the tier": charged once for each tier that is reached.
// - rounding: "Rounding occurs on the line item level of your invoices … rounding occurs after the
//   quantity is multiplied by the decimal amount" (docs.stripe.com/billing/subscriptions/decimal-amounts):
//   the exact sum of the parts is rounded once, half up (to a multiple of 10 in three-decimal currencies).
import { add, div, mul, rational, roundHalfUpToStep, type Rational } from "@/lib/money";
import { computeStep, toRational } from "./normalize";
import type { DecimalInput } from "./types";

export type TiersMode = "graduated" | "volume";

export interface TierInput {
  /** Upper bound (inclusive) of the tier; "inf" or null for the last, open tier. */
  upTo: number | bigint | "inf" | null;
  unitAmount?: DecimalInput | null;
  unitAmountDecimal?: DecimalInput | null;
  flatAmount?: DecimalInput | null;
  flatAmountDecimal?: DecimalInput | null;
}

export interface TransformQuantity {
  divideBy: number | bigint;
  round: "up" | "down";
}

export type PriceInput =
  | {
      billingScheme?: "per_unit";
      unitAmount?: DecimalInput | null;
      unitAmountDecimal?: DecimalInput | null;
      transformQuantity?: TransformQuantity | null;
    }
  | { billingScheme: "tiered"; tiersMode: TiersMode; tiers: readonly TierInput[] };

/** One tier's share of a tiered line: the units it priced and its exact (unrounded) amount. */
export interface TierPart {
  /** Index in the price's `tiers`. */
  tier: number;
  /** First unit of the tier (1 for the first tier) and its upper bound (null = inf). */
  from: bigint;
  upTo: bigint | null;
  /** Units priced at this tier's unit amount (graduated: the units inside it; volume: all). */
  quantity: bigint;
  unitAmount: Rational;
  flatAmount: Rational;
  /** quantity × unitAmount + flatAmount, exact. */
  exact: Rational;
}

export interface PriceAmount {
  /** The line amount in minor units: `exact` rounded once. */
  amount: bigint;
  /** The exact amount before rounding. */
  exact: Rational;
  /** The quantity the unit amount was applied to (after transform_quantity). */
  billedQuantity: Rational;
  /** Tiered prices: the tiers that priced something, in order (empty for per_unit). */
  tiers: TierPart[];
}

const ZERO = rational(0n);

function decimalOf(integer: DecimalInput | null | undefined, decimal: DecimalInput | null | undefined, what: string): Rational {
  if (decimal !== undefined && decimal !== null) return toRational(decimal, what);
  if (integer !== undefined && integer !== null) return toRational(integer, what);
  return ZERO;
}

function upperBound(t: TierInput, i: number, last: boolean): bigint | null {
  if (t.upTo === "inf" || t.upTo === null) {
    if (!last) throw new RangeError(`tiers[${i}].up_to: only the last tier can be inf`);
    return null;
  }
  const u = typeof t.upTo === "bigint" ? t.upTo : Number.isSafeInteger(t.upTo) ? BigInt(t.upTo) : NaN;
  if (typeof u !== "bigint" || u < 1n) throw new RangeError(`tiers[${i}].up_to: not a positive integer (${String(t.upTo)})`);
  return u;
}

/** The tiers with their integer bounds, validated: increasing up_to, the last one inf. */
export function tierBounds(tiers: readonly TierInput[]): { from: bigint; upTo: bigint | null; unitAmount: Rational; flatAmount: Rational }[] {
  if (tiers.length === 0) throw new RangeError("tiers: a tiered price needs at least one tier");
  let prev = 0n;
  return tiers.map((t, i) => {
    const upTo = upperBound(t, i, i === tiers.length - 1);
    if (i === tiers.length - 1 && upTo !== null) throw new RangeError("tiers: the last tier's up_to must be inf");
    if (upTo !== null && upTo <= prev) throw new RangeError(`tiers[${i}].up_to: must be greater than the previous tier's`);
    const from = prev + 1n;
    if (upTo !== null) prev = upTo;
    return {
      from,
      upTo,
      unitAmount: decimalOf(t.unitAmount, t.unitAmountDecimal, `tiers[${i}].unit_amount`),
      flatAmount: decimalOf(t.flatAmount, t.flatAmountDecimal, `tiers[${i}].flat_amount`),
    };
  });
}

/** transform_quantity: quantity ÷ divide_by, rounded up or down to a whole number of packages. */
export function transformQuantity(quantity: Rational, t: TransformQuantity): bigint {
  const by = typeof t.divideBy === "bigint" ? t.divideBy : BigInt(t.divideBy);
  if (by < 1n) throw new RangeError("transform_quantity.divide_by: must be a positive integer");
  const q = div(quantity, rational(by));
  const floor = q.n >= 0n ? q.n / q.d : -((-q.n + q.d - 1n) / q.d);
  return t.round === "up" && floor * q.d !== q.n ? floor + 1n : floor;
}

function wholeQuantity(q: Rational): bigint {
  if (q.d !== 1n || q.n < 0n) throw new RangeError(`quantity: a tiered price needs a whole, non-negative quantity (${q.n}/${q.d})`);
  return q.n;
}

/** The tier parts of a tiered price for `quantity` units (before rounding). */
export function tierParts(mode: TiersMode, tiers: readonly TierInput[], quantity: bigint): TierPart[] {
  const bounds = tierBounds(tiers);
  const part = (i: number, units: bigint): TierPart => {
    const b = bounds[i];
    return {
      tier: i,
      from: b.from,
      upTo: b.upTo,
      quantity: units,
      unitAmount: b.unitAmount,
      flatAmount: b.flatAmount,
      exact: add(mul(rational(units), b.unitAmount), b.flatAmount),
    };
  };
  if (mode === "volume") {
    // The tier whose range holds the quantity; quantity 0 is in the first tier (0 ≤ its up_to).
    const i = bounds.findIndex((b) => b.upTo === null || quantity <= b.upTo);
    return [part(i, quantity)];
  }
  // graduated: fill each tier in turn; a tier is reached when at least one unit falls in it.
  // Quantity 0 reaches only the first tier (its flat amount is the fixed fee of "fixed fee
  // and overage" models), with no units.
  if (quantity === 0n) return [part(0, 0n)];
  const out: TierPart[] = [];
  for (let i = 0; i < bounds.length; i++) {
    const b = bounds[i];
    if (quantity < b.from) break;
    const top = b.upTo === null || quantity < b.upTo ? quantity : b.upTo;
    out.push(part(i, top - b.from + 1n));
  }
  return out;
}

/**
 * A line Stripe billed at 0 with a unit amount of 0 — a trial's "Trial period for …" line — is
 * quantity × 0, whatever its price's tiers or packages would give: the price is not applied to it.
 * (A trial that was charged is the billing audit's trial_charged.)
 */
export function billedAtZeroUnit(unitAmountDecimal: DecimalInput | null | undefined, amount: number | bigint): boolean {
  return unitAmountDecimal !== null && unitAmountDecimal !== undefined && Number(unitAmountDecimal) === 0 && BigInt(amount) === 0n;
}

/** The amount of a line of `quantity` units at `price`, in minor units of `currency`. */
export function priceAmount(price: PriceInput, quantity: DecimalInput, currency: string): PriceAmount {
  const step = computeStep(currency);
  const q = toRational(quantity, "quantity");
  if (price.billingScheme === "tiered") {
    const parts = tierParts(price.tiersMode, price.tiers, wholeQuantity(q));
    const exact = parts.reduce((a, p) => add(a, p.exact), ZERO);
    return { amount: roundHalfUpToStep(exact, step), exact, billedQuantity: q, tiers: parts };
  }
  const billed = price.transformQuantity ? rational(transformQuantity(q, price.transformQuantity)) : q;
  const exact = mul(billed, decimalOf(price.unitAmount, price.unitAmountDecimal, "unit_amount"));
  return { amount: roundHalfUpToStep(exact, step), exact, billedQuantity: billed, tiers: [] };
}
