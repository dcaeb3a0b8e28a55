// Proration math: Stripe's time-based proration of a subscription item change. Pure, exact.
//
// Stripe's words: "Stripe calculates proration down to the second based on the starting timestamp
// of the billing period and the timestamp of the proration's triggering event"
// (docs.stripe.com/billing/scripts/prorations), and a change creates two proration items: the
// "Unused time on <old>" credit and the "Remaining time on <new>" debit
// (docs.stripe.com/billing/subscriptions/prorations: 10 USD → 20 USD halfway: −5 USD and +10 USD).
//
// For a change at `prorationDate` t within the period [start, end):
//   factor  = (end − t) / (end − start)                 (seconds, exact)
//   credit  = −round(full(old item) × factor)            one line, rounded on its own
//   debit   =  round(full(new item) × factor)            one line, rounded on its own
// where full(item) is the exact (unrounded) amount of the item's price × quantity for a whole
// period (pricing.ts: per_unit, package and tiered), and round is half up, to a multiple of 10 in
// three-decimal currencies ("Rounding occurs on the line item level of your invoices").
// Both lines carry the whole item (old quantity, new quantity), not the difference, as Stripe's
// proration items do.
import { div, mul, rational, roundHalfUpToStep, type Rational } from "@/lib/money";
import { computeStep } from "./normalize";
import { priceAmount, type PriceInput } from "./pricing";
import type { DecimalInput } from "./types";

export type Timestamp = number | bigint;

export interface ProrationPeriod {
  /** Unix seconds; the period is [start, end). */
  start: Timestamp;
  end: Timestamp;
}

export interface ProratedItem {
  price: PriceInput;
  quantity: DecimalInput;
}

export interface ProrationLine {
  /** Signed amount in minor units: negative for the credit, positive for the debit. */
  amount: bigint;
  /** The signed exact amount before rounding. */
  exact: Rational;
  /** The item's exact amount for the whole period. */
  fullPeriod: Rational;
  /** (end − t) / (end − start). */
  factor: Rational;
  /** The proration line's own period: [t, end). */
  period: { start: bigint; end: bigint };
}

export interface ProrationChange {
  credit: ProrationLine;
  debit: ProrationLine;
  /** credit.amount + debit.amount */
  net: bigint;
}

const seconds = (t: Timestamp, what: string): bigint => {
  if (typeof t === "bigint") return t;
  if (!Number.isSafeInteger(t)) throw new RangeError(`${what}: not a whole number of seconds (${t})`);
  return BigInt(t);
};

/** The remaining fraction of the period at `prorationDate`: (end − t) / (end − start). */
export function prorationFactor(period: ProrationPeriod, prorationDate: Timestamp): Rational {
  const start = seconds(period.start, "period.start");
  const end = seconds(period.end, "period.end");
  const t = seconds(prorationDate, "proration_date");
  if (end <= start) throw new RangeError("period: end must be after start");
  if (t < start || t >= end) throw new RangeError(`proration_date ${t} is outside the period [${start}, ${end})`);
  return rational(end - t, end - start);
}

function line(item: ProratedItem, sign: 1n | -1n, period: ProrationPeriod, prorationDate: Timestamp, currency: string): ProrationLine {
  const factor = prorationFactor(period, prorationDate);
  const fullPeriod = priceAmount(item.price, item.quantity, currency).exact;
  const exact = mul(mul(fullPeriod, factor), rational(sign));
  return {
    amount: roundHalfUpToStep(exact, computeStep(currency)),
    exact,
    fullPeriod,
    factor,
    period: { start: seconds(prorationDate, "proration_date"), end: seconds(period.end, "period.end") },
  };
}

/** The credit line for the unused time on `item` from `prorationDate` to the period end. */
export const prorationCredit = (item: ProratedItem, period: ProrationPeriod, prorationDate: Timestamp, currency: string) =>
  line(item, -1n, period, prorationDate, currency);

/** The debit line for the remaining time on `item` from `prorationDate` to the period end. */
export const prorationDebit = (item: ProratedItem, period: ProrationPeriod, prorationDate: Timestamp, currency: string) =>
  line(item, 1n, period, prorationDate, currency);

/** Both proration lines of changing `from` to `to` (price and/or quantity) at `prorationDate`. */
export function prorateChange(from: ProratedItem, to: ProratedItem, period: ProrationPeriod, prorationDate: Timestamp, currency: string): ProrationChange {
  const credit = prorationCredit(from, period, prorationDate, currency);
  const debit = prorationDebit(to, period, prorationDate, currency);
  return { credit, debit, net: credit.amount + debit.amount };
}

/** Whole days of a [start, end) span in seconds, for explanations ("19/31 days"); not used in the math. */
export const spanDays = (from: Timestamp, to: Timestamp): Rational => div(rational(seconds(to, "to") - seconds(from, "from")), rational(86_400n));
