// Metered usage: a billing meter's events aggregated over a billing period, and the price applied
// to the aggregated quantity. Pure, exact, no I/O.
//
// Stripe's rules this follows (stripe-emulator/src/resources/billing-meters.ts has the same):
// - Meter `default_aggregation.formula`: "count to count the number of events, sum to sum each
//   event's value and last to take the last event's value in the window" (Billing Meter API).
// - The window is [start, end): a meter event summary aggregates "from start_time (inclusive)" to
//   "end_time (exclusive)"; a subscription's metered item bills the usage of its period, in arrears
//   ("the Billing Meters API aggregates usage at the end of the billing period before generating an
//   invoice", docs.stripe.com/billing/subscriptions/usage-based/how-it-works).
// - The aggregated usage is the line's quantity, priced as any quantity (per_unit, package via
//   transform_quantity, graduated or volume tiers) and rounded once on the line (pricing.ts).
import { add, rational, toDecimalString, type Rational } from "@/lib/money";
import { toRational } from "./normalize";
import { priceAmount, type PriceAmount, type PriceInput } from "./pricing";
import type { DecimalInput } from "./types";

export type MeterFormula = "sum" | "count" | "last";

export interface MeterEventInput {
  /** Unix seconds. */
  timestamp: number;
  /** The payload's value (sum, last); ignored by count. */
  value?: DecimalInput | null;
}

export interface UsageWindow {
  /** Inclusive, Unix seconds. */
  start: number;
  /** Exclusive, Unix seconds. */
  end: number;
}

export interface MeteredUsage {
  /** The aggregated value over the window (0 when no event falls in it). */
  usage: Rational;
  /** Events inside the window. */
  events: number;
}

const ZERO = rational(0n);

/**
 * The meter's aggregate of `events` over [start, end): the sum of the values, the number of
 * events, or the value of the last event (latest timestamp; on a tie, the later one in `events`).
 */
export function aggregateUsage(formula: MeterFormula, events: readonly MeterEventInput[], window: UsageWindow): MeteredUsage {
  if (!(window.end > window.start)) throw new RangeError(`usage window: end (${window.end}) must be after start (${window.start})`);
  let sum = ZERO;
  let count = 0;
  let last: { timestamp: number; value: Rational } | null = null;
  for (const [i, e] of events.entries()) {
    if (e.timestamp < window.start || e.timestamp >= window.end) continue;
    count++;
    if (formula === "count") continue;
    if (e.value === undefined || e.value === null) throw new RangeError(`events[${i}]: a ${formula} meter needs a value`);
    const v = toRational(e.value, `events[${i}].value`);
    if (formula === "sum") sum = add(sum, v);
    else if (!last || e.timestamp >= last.timestamp) last = { timestamp: e.timestamp, value: v };
  }
  const usage = formula === "count" ? rational(BigInt(count)) : formula === "sum" ? sum : (last?.value ?? ZERO);
  return { usage, events: count };
}

export interface MeteredLineAmount extends PriceAmount, MeteredUsage {}

/** The amount of a metered line: the window's aggregated usage at `price`, in minor units of `currency`. */
export function meteredLineAmount(
  price: PriceInput,
  formula: MeterFormula,
  events: readonly MeterEventInput[],
  window: UsageWindow,
  currency: string,
): MeteredLineAmount {
  const agg = aggregateUsage(formula, events, window);
  // the values are decimals, so their sum has a finite decimal expansion
  return { ...priceAmount(price, toDecimalString(agg.usage, 40), currency), ...agg };
}
