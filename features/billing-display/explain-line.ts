// What an invoice line is made of, in numbers a customer can check: the proration of a
// subscription change, the tiers of a tiered price, the packages of a package price. Pure (no
// I/O, no locale): explain-text.ts puts the result into words.
//
// The figures are Stripe's own math (features/billing-math: pricing.ts, proration.ts) run again
// from the line's price, quantity and period, and an explanation is given only when that math
// gives exactly the amount Stripe billed on the line. Otherwise the line says it cannot be
// explained (and why): a figure that does not add up to the bill is never shown.
//
// Proration (docs.stripe.com/billing/subscriptions/prorations): "Stripe calculates proration
// down to the second based on the starting timestamp of the billing period and the timestamp of
// the proration's triggering event"; a change makes an "Unused time on <old>" credit and a
// "Remaining time on <new>" debit, each rounded on its own. A proration line's period is
// [change time, period end); the period's start is not on the line, so it is found from the
// price's recurring interval (interval × interval_count back from the period end; a month
// period anchored on the 29th–31st ends on a shorter month's last day, so each anchor day that
// could end there is tried) and accepted only when the math then reproduces the line's amount.
import { auditPriceOf, type PriceRow } from "@/features/billing-math/price-row";
import { priceAmount, prorationCredit, prorationDebit, transformQuantity, type PriceInput, type TierPart } from "@/features/billing-math";
import { toRational } from "@/features/billing-math";
import type { LineProration } from "@/features/billing-math";
import type { Rational } from "@/lib/money";

export interface ExplainPrice extends PriceRow {
  id: string;
  productName: string | null;
  recurringInterval: string | null;
  recurringIntervalCount: number | null;
  /** licensed or metered (recurring.usage_type); metered lines also show their usage (metered-usage.ts). */
  usageType?: string | null;
}

export interface ExplainLineInput {
  id: string;
  amount: bigint;
  /** Exact decimal string. */
  quantity: string;
  currency: string;
  proration: boolean;
  periodStart: Date | null;
  periodEnd: Date | null;
  subscriptionItemId: string | null;
  description: string | null;
  price: ExplainPrice | null;
}

/** How the whole-period amount of `quantity` at the price is made. */
export type PriceBreakdown =
  | { scheme: "per_unit"; quantity: string; unitAmount: string; exact: Rational }
  | { scheme: "package"; quantity: string; divideBy: number; round: "up" | "down"; packages: bigint; unitAmount: string; exact: Rational }
  | { scheme: "tiered"; mode: "graduated" | "volume"; quantity: string; parts: TierPart[]; exact: Rational };

export type CannotReason = "price_unknown" | "tiers_unknown" | "period_unknown" | "does_not_add_up";

export type LineExplanation =
  | {
      kind: "proration";
      direction: "credit" | "debit";
      productName: string | null;
      quantity: string;
      breakdown: PriceBreakdown;
      /** The change time and the period end: the line's own period. */
      from: Date;
      to: Date;
      /** The billing period's start, as found. */
      periodStart: Date;
      remainingSeconds: bigint;
      periodSeconds: bigint;
      amount: bigint;
      /** The price as the billing math takes it (for recalculation). */
      price: PriceInput;
    }
  | { kind: "price"; breakdown: PriceBreakdown; amount: bigint; price: PriceInput }
  | { kind: "cannot"; reason: CannotReason };

export interface ChangeExplanation {
  subscriptionItemId: string;
  creditLineId: string;
  debitLineId: string;
  at: Date;
  fromProduct: string | null;
  toProduct: string | null;
  fromQuantity: string;
  toQuantity: string;
  credit: bigint;
  debit: bigint;
  net: bigint;
}

export interface InvoiceExplanation {
  /** By line id; a line with nothing to explain (a plain quantity × unit price line) is absent. */
  lines: Map<string, LineExplanation>;
  /** Credit + debit pairs of one change of one subscription item on this invoice. */
  changes: ChangeExplanation[];
}

const DAY = 86_400;

function priceInputOf(price: ExplainPrice): { input: PriceInput | null; reason?: CannotReason } {
  const p = auditPriceOf(price);
  if (!p) return { input: null, reason: price.billingScheme === "tiered" ? "tiers_unknown" : "price_unknown" };
  if (p.billingScheme === "tiered")
    return p.tiers?.length ? { input: { billingScheme: "tiered", tiersMode: p.tiersMode, tiers: p.tiers } } : { input: null, reason: "tiers_unknown" };
  if (p.unitAmountDecimal === null) return { input: null, reason: "price_unknown" };
  return { input: { unitAmountDecimal: p.unitAmountDecimal, transformQuantity: p.transformQuantity } };
}

/** The whole-period amount of `quantity` at `price`, with what it is made of. */
export function priceBreakdown(price: PriceInput, quantity: string, currency: string): PriceBreakdown {
  const a = priceAmount(price, quantity, currency);
  if (price.billingScheme === "tiered") return { scheme: "tiered", mode: price.tiersMode, quantity, parts: a.tiers, exact: a.exact };
  const unitAmount = String(price.unitAmountDecimal ?? price.unitAmount ?? "0");
  if (price.transformQuantity) {
    const divideBy = Number(price.transformQuantity.divideBy);
    return {
      scheme: "package",
      quantity,
      divideBy,
      round: price.transformQuantity.round,
      packages: transformQuantity(toRational(quantity, "quantity"), price.transformQuantity),
      unitAmount,
      exact: a.exact,
    };
  }
  return { scheme: "per_unit", quantity, unitAmount, exact: a.exact };
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/** The possible starts of the billing period that ends at `end` (see the header). */
export function periodStartCandidates(end: Date, interval: string, count: number): Date[] {
  const s = Math.floor(end.getTime() / 1000);
  if (interval === "day") return [new Date((s - count * DAY) * 1000)];
  if (interval === "week") return [new Date((s - count * 7 * DAY) * 1000)];
  if (interval !== "month" && interval !== "year") return [];
  const months = (interval === "year" ? 12 : 1) * count;
  const y = end.getUTCFullYear();
  const m = end.getUTCMonth();
  const day = end.getUTCDate();
  const anchors = day === lastDay(y, m) ? Array.from({ length: 32 - day }, (_, i) => day + i) : [day];
  const out = new Map<number, Date>();
  for (const a of anchors) {
    const target = new Date(Date.UTC(y, m - months, 1));
    const d = Math.min(a, lastDay(target.getUTCFullYear(), target.getUTCMonth()));
    const start = Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), d, end.getUTCHours(), end.getUTCMinutes(), end.getUTCSeconds());
    out.set(start, new Date(start));
  }
  return [...out.values()];
}

const secondsOf = (d: Date): bigint | null => (d.getTime() % 1000 === 0 ? BigInt(d.getTime() / 1000) : null);

function refused<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

function explainProration(line: ExplainLineInput, price: ExplainPrice, input: PriceInput): LineExplanation {
  const t = line.periodStart ? secondsOf(line.periodStart) : null;
  const end = line.periodEnd ? secondsOf(line.periodEnd) : null;
  if (t === null || end === null || !price.recurringInterval || end <= t) return { kind: "cannot", reason: "period_unknown" };
  const direction = line.amount < 0n ? "credit" : "debit";
  const matches: { start: bigint }[] = [];
  for (const c of periodStartCandidates(line.periodEnd!, price.recurringInterval, price.recurringIntervalCount ?? 1)) {
    const start = secondsOf(c);
    if (start === null || start > t) continue;
    const item = { price: input, quantity: line.quantity };
    const period = { start, end };
    const got = refused(() => (direction === "credit" ? prorationCredit(item, period, t, line.currency) : prorationDebit(item, period, t, line.currency)));
    if (got && got.amount === line.amount) matches.push({ start });
  }
  // Two different period starts that both give the bill's amount would show different day counts: show neither.
  if (matches.length !== 1) return { kind: "cannot", reason: "does_not_add_up" };
  const start = matches[0].start;
  const breakdown = refused(() => priceBreakdown(input, line.quantity, line.currency));
  if (!breakdown) return { kind: "cannot", reason: "does_not_add_up" };
  return {
    kind: "proration",
    direction,
    productName: price.productName,
    quantity: line.quantity,
    breakdown,
    from: line.periodStart!,
    to: line.periodEnd!,
    periodStart: new Date(Number(start) * 1000),
    remainingSeconds: end - t,
    periodSeconds: end - start,
    amount: line.amount,
    price: input,
  };
}

/** The explanation of one line, or null when it is a plain line (quantity × unit price, or no price). */
export function explainLine(line: ExplainLineInput): LineExplanation | null {
  const price = line.price;
  if (!line.proration) {
    // Only tiered and package lines need their making shown; any other line is its own quantity × unit price.
    if (!price || (price.billingScheme !== "tiered" && !price.transformQuantity)) return null;
    const { input, reason } = priceInputOf(price);
    if (!input) return { kind: "cannot", reason: reason! };
    const b = refused(() => priceBreakdown(input, line.quantity, line.currency));
    if (!b) return { kind: "cannot", reason: "does_not_add_up" };
    const amount = refused(() => priceAmount(input, line.quantity, line.currency).amount);
    if (amount !== line.amount) return { kind: "cannot", reason: "does_not_add_up" };
    return { kind: "price", breakdown: b, amount, price: input };
  }
  if (!price) return { kind: "cannot", reason: "price_unknown" };
  const { input, reason } = priceInputOf(price);
  if (!input) return { kind: "cannot", reason: reason! };
  return explainProration(line, price, input);
}

/** Every line's explanation, and the change each credit + debit pair of one subscription item at one moment makes. */
export function explainInvoice(lines: readonly ExplainLineInput[]): InvoiceExplanation {
  const out = new Map<string, LineExplanation>();
  for (const l of lines) {
    const e = explainLine(l);
    if (e) out.set(l.id, e);
  }
  const changes: ChangeExplanation[] = [];
  const groups = new Map<string, ExplainLineInput[]>();
  for (const l of lines) {
    if (!l.proration || !l.subscriptionItemId || !l.periodStart || !l.periodEnd) continue;
    const key = `${l.subscriptionItemId}|${l.periodStart.getTime()}|${l.periodEnd.getTime()}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  for (const g of groups.values()) {
    const credits = g.filter((l) => l.amount < 0n);
    const debits = g.filter((l) => l.amount >= 0n);
    // Only an unambiguous pair makes one change; both halves must add up on their own.
    if (credits.length !== 1 || debits.length !== 1) continue;
    const [c, d] = [credits[0], debits[0]];
    if (out.get(c.id)?.kind !== "proration" || out.get(d.id)?.kind !== "proration") continue;
    changes.push({
      subscriptionItemId: c.subscriptionItemId!,
      creditLineId: c.id,
      debitLineId: d.id,
      at: c.periodStart!,
      fromProduct: c.price?.productName ?? null,
      toProduct: d.price?.productName ?? null,
      fromQuantity: c.quantity,
      toQuantity: d.quantity,
      credit: c.amount,
      debit: d.amount,
      net: c.amount + d.amount,
    });
  }
  return { lines: out, changes };
}

export const isWholeDays = (e: { remainingSeconds: bigint; periodSeconds: bigint }) => e.remainingSeconds % 86_400n === 0n && e.periodSeconds % 86_400n === 0n;

/**
 * The line as the recalculation prices it (LineInput.price / .proration), when its explanation
 * reproduces the billed amount; null otherwise (the line stays quantity × unit, or its amount).
 */
export function pricedLine(e: LineExplanation | null): { price: PriceInput; proration: LineProration | null } | null {
  if (!e || e.kind === "cannot") return null;
  if (e.kind === "price") return { price: e.price, proration: null };
  const s = (d: Date) => Math.floor(d.getTime() / 1000);
  return {
    price: e.price,
    proration: { side: e.direction, periodStart: s(e.periodStart), periodEnd: s(e.to), prorationDate: s(e.from) },
  };
}
