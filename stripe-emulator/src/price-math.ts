// The amount of a quantity at a Price (pure, exact; see README "Prices"): per_unit, per_unit with
// transform_quantity (packages), and tiered prices in graduated or volume mode. Written for the
// emulator alone: Settle's features/billing-math is checked against it, so nothing is shared.
import { add, mul, parseDecimal, rat, roundAmount, type Rat } from "./money";

/** A tier as the emulator stores it (JSON-safe for snapshots): exact decimal strings, `upTo` null for inf. */
export interface StoredTier {
  upTo: number | null;
  unit: string;
  flat: string;
}

export interface PriceShape {
  billing_scheme: string;
  tiers_mode: string | null;
  unit_amount_decimal: string | null;
  transform_quantity: { divide_by: number; round: string } | null;
}

/** Packages billed for `quantity` units: ⌈q / divide_by⌉ (round=up) or ⌊q / divide_by⌋ (round=down). */
export function packages(quantity: bigint, divideBy: number, round: string): bigint {
  const by = BigInt(divideBy);
  const whole = quantity / by;
  return round === "up" && whole * by !== quantity ? whole + 1n : whole;
}

/**
 * Exact (unrounded) amount of `quantity` units over `tiers`. graduated: every tier reached
 * contributes units-in-tier × unit + flat (a tier is reached by its first unit; quantity 0
 * reaches the first tier only). volume: the tier holding the quantity prices all of it.
 */
export function tieredExact(mode: string, tiers: StoredTier[], quantity: bigint): Rat {
  const tierCost = (t: StoredTier, units: bigint) => add(mul(rat(units), parseDecimal(t.unit)!), parseDecimal(t.flat)!);
  if (mode === "volume") {
    const t = tiers.find((x) => x.upTo === null || quantity <= BigInt(x.upTo)) ?? tiers[tiers.length - 1];
    return tierCost(t, quantity);
  }
  if (quantity === 0n) return tierCost(tiers[0], 0n);
  let total = rat(0n);
  let below = 0n; // units covered by the tiers before this one
  for (const t of tiers) {
    if (quantity <= below) break;
    const cap = t.upTo === null ? quantity : BigInt(t.upTo);
    const units = (quantity < cap ? quantity : cap) - below;
    total = add(total, tierCost(t, units));
    below = cap;
  }
  return total;
}

/** The exact (unrounded) amount of `quantity` at the price (a whole quantity for tiered and package prices). */
export function priceExact(price: PriceShape, tiers: StoredTier[] | null, quantity: Rat): Rat {
  if (price.billing_scheme === "tiered") {
    if (quantity.d !== 1n) throw new RangeError("tiered prices need a whole quantity");
    return tieredExact(price.tiers_mode ?? "graduated", tiers ?? [], quantity.n);
  }
  const unit = (price.unit_amount_decimal === null ? null : parseDecimal(price.unit_amount_decimal)) ?? rat(0n);
  const tq = price.transform_quantity;
  if (tq) {
    if (quantity.d !== 1n) throw new RangeError("transform_quantity needs a whole quantity");
    return mul(rat(packages(quantity.n, tq.divide_by, tq.round)), unit);
  }
  return mul(quantity, unit);
}

/** The line amount for `quantity`: the exact amount rounded once. */
export function priceLineAmount(price: PriceShape, tiers: StoredTier[] | null, quantity: Rat, currency: string): bigint {
  return roundAmount(priceExact(price, tiers, quantity), currency);
}
