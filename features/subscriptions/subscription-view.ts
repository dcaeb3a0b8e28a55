// What the portal shows of one subscription, from its projected rows: each item's price (a tier
// table where tiered), what a period of it costs, and the next renewal. Pure, no I/O.
//
// Stripe's rules this follows:
// - A subscription renews at the end of its items' current period (since API 2025-03-31 the
//   period is the item's: current_period_end), unless it has ended or is set to end by then
//   (cancel_at / cancel_at_period_end: "the subscription will be canceled at the end of the
//   current period", Subscription object, cancel_at_period_end). canceled and
//   incomplete_expired are terminal; an incomplete subscription has not started; a paused one
//   (a trial that ended without a payment method) makes no invoice until it is resumed.
// - A period of an item costs its price × its quantity (pricing.ts priceAmount: per_unit,
//   transform_quantity, graduated and volume tiers, each line rounded once). Metered items have
//   no quantity: their amount is the period's usage, which the subscription does not say.
// - The renewal amount is the sum of the items before discounts, taxes, customer balance and
//   pending proration items: the portal labels it so.
import { priceAmount, tierBounds, type PriceInput, type TierInput } from "@/features/billing-math";
import { auditPriceOf, type PriceRow } from "@/features/billing-math/price-row";

export interface SubscriptionRow {
  id: string;
  stripeId: string;
  status: string;
  currency: string;
  stripeCreated: Date;
  trialStart: Date | null;
  trialEnd: Date | null;
  cancelAt: Date | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  endedAt: Date | null;
  pauseBehavior: string | null;
  pauseResumesAt: Date | null;
  items: { stripeId: string; priceId: string; quantity: bigint | null; currentPeriodStart: Date | null; currentPeriodEnd: Date | null }[];
}

export type PriceRowWithName = PriceRow & { id: string; productName: string | null; productId: string | null; recurringInterval: string | null };

export type TierView = { from: bigint; upTo: bigint | null; unitAmountDecimal: string; flatAmountDecimal: string };

export type PriceView =
  | { kind: "per_unit"; unitAmountDecimal: string; divideBy: number | null; round: "up" | "down" | null }
  | { kind: "tiered"; mode: "graduated" | "volume"; tiers: TierView[] }
  | { kind: "unknown" };

export interface ItemView {
  stripeId: string;
  product: string;
  interval: string | null;
  /** null: metered (billed by usage). */
  quantity: bigint | null;
  price: PriceView;
  /** One period of this item at its quantity, in minor units; null when it cannot be known (metered, price unknown). */
  periodAmount: bigint | null;
  currentPeriodEnd: Date | null;
}

export type SubscriptionPhase = "live" | "ending" | "ended" | "incomplete";

export interface SubscriptionView {
  id: string;
  stripeId: string;
  status: string;
  currency: string;
  created: Date;
  phase: SubscriptionPhase;
  trialEnd: Date | null;
  /** When it ends (cancel_at) or ended (ended_at). */
  endsAt: Date | null;
  endedAt: Date | null;
  canceledAt: Date | null;
  paused: { behavior: string; resumesAt: Date | null } | null;
  items: ItemView[];
  /** The next renewal: its date, and its amount before discounts and taxes (null when an item's amount is not known). */
  renewal: { date: Date; amount: bigint | null; incomplete: boolean } | null;
}

const TERMINAL = new Set(["canceled", "incomplete_expired"]);

const decimalText = (v: unknown): string => (v === null || v === undefined ? "0" : String(v));

function priceInputOf(row: PriceRow | undefined): PriceInput | null {
  const p = auditPriceOf(row);
  if (!p) return null;
  if (p.billingScheme === "tiered") return p.tiers?.length ? { billingScheme: "tiered", tiersMode: p.tiersMode, tiers: p.tiers } : null;
  return p.unitAmountDecimal === null ? null : { unitAmountDecimal: p.unitAmountDecimal, transformQuantity: p.transformQuantity };
}

export function priceViewOf(row: PriceRow | undefined): PriceView {
  const input = priceInputOf(row);
  if (!input) return { kind: "unknown" };
  if (input.billingScheme === "tiered") {
    const tiers = tierBounds(input.tiers).map((b, i) => {
      const t: TierInput = input.tiers[i];
      return {
        from: b.from,
        upTo: b.upTo,
        unitAmountDecimal: decimalText(t.unitAmountDecimal ?? t.unitAmount),
        flatAmountDecimal: decimalText(t.flatAmountDecimal ?? t.flatAmount),
      };
    });
    return { kind: "tiered", mode: input.tiersMode, tiers };
  }
  const tq = input.transformQuantity ?? null;
  return {
    kind: "per_unit",
    unitAmountDecimal: decimalText(input.unitAmountDecimal),
    divideBy: tq ? Number(tq.divideBy) : null,
    round: tq ? tq.round : null,
  };
}

function periodAmountOf(row: PriceRow | undefined, quantity: bigint | null, currency: string): bigint | null {
  if (quantity === null) return null;
  const input = priceInputOf(row);
  if (!input) return null;
  try {
    return priceAmount(input, quantity, currency).amount;
  } catch {
    return null; // malformed tiers: not something to put a number on
  }
}

const earliest = (dates: (Date | null)[]): Date | null => dates.reduce<Date | null>((min, d) => (d && (!min || d.getTime() < min.getTime()) ? d : min), null);

export function subscriptionView(sub: SubscriptionRow, prices: Map<string, PriceRowWithName>): SubscriptionView {
  const items: ItemView[] = sub.items.map((i) => {
    const price = prices.get(i.priceId);
    return {
      stripeId: i.stripeId,
      product: price?.productName ?? price?.productId ?? i.priceId,
      interval: price?.recurringInterval ?? null,
      quantity: i.quantity,
      price: priceViewOf(price),
      periodAmount: periodAmountOf(price, i.quantity, sub.currency),
      currentPeriodEnd: i.currentPeriodEnd,
    };
  });
  const periodEnd = earliest(sub.items.map((i) => i.currentPeriodEnd));
  // cancel_at_period_end sets cancel_at to the period's end; either way, no renewal at or after it.
  const endsAt = sub.cancelAt ?? (sub.cancelAtPeriodEnd ? periodEnd : null);
  const ended = TERMINAL.has(sub.status) || sub.endedAt !== null;
  const phase: SubscriptionPhase = ended ? "ended" : sub.status === "incomplete" ? "incomplete" : endsAt ? "ending" : "live";
  // "A paused subscription doesn't generate invoices" (Subscription object, status) until it is resumed.
  const renews =
    sub.status === "paused"
      ? false
      : phase === "live" || (phase === "ending" && periodEnd !== null && endsAt !== null && endsAt.getTime() > periodEnd.getTime());
  const known = items.every((i) => i.periodAmount !== null);
  const amount = items.reduce<bigint | null>((s, i) => (s === null || i.periodAmount === null ? s : s + i.periodAmount), 0n);
  return {
    id: sub.id,
    stripeId: sub.stripeId,
    status: sub.status,
    currency: sub.currency,
    created: sub.stripeCreated,
    phase,
    trialEnd: sub.status === "trialing" ? sub.trialEnd : null,
    endsAt: ended ? null : endsAt,
    endedAt: ended ? (sub.endedAt ?? sub.canceledAt) : null,
    canceledAt: sub.canceledAt,
    paused: sub.pauseBehavior ? { behavior: sub.pauseBehavior, resumesAt: sub.pauseResumesAt } : null,
    items,
    // metered items make the amount a floor: the known part, flagged incomplete
    renewal: renews && periodEnd ? { date: periodEnd, amount: items.some((i) => i.periodAmount !== null) ? amount : null, incomplete: !known } : null,
  };
}

const PHASE_ORDER: Record<SubscriptionPhase, number> = { live: 0, ending: 0, incomplete: 1, ended: 2 };

/** Current subscriptions first (newest first), then ended ones. */
export const bySubscriptionOrder = (a: SubscriptionView, b: SubscriptionView): number =>
  PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || b.created.getTime() - a.created.getTime() || a.stripeId.localeCompare(b.stripeId);
