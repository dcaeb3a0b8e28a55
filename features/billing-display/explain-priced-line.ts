// The explanation of a line as the recalculation prices it (a billing-math LineInput with its
// price and, for a proration line, where it sits in its period): the desk's recalculation editor
// shows it under each line, before and after the agent's edit (a quantity moved through tiers, a
// plan change moved to another day). Pure, and safe in the browser (the editor recomputes live).
//
// Unlike explainLine (explain-line.ts), nothing is searched for: the period start, the change
// time and the price are the recalculation's own inputs, and the amount is the one the billing
// math gave for them, so the explanation always adds up to the amount shown beside it.
// Proration (docs.stripe.com/billing/subscriptions/prorations): the line covers
// [proration date, period end) of its item's billing period, the full-period price × remaining /
// period seconds, rounded on its own.
import { toRational, type LineInput } from "@/features/billing-math";
import { toDecimalString } from "@/lib/money";
import { priceBreakdown, type LineExplanation } from "./explain-line";

const at = (unix: number) => new Date(unix * 1000);

/**
 * The explanation of `line` whose amount (before discounts) is `amount`; null for a plain line
 * (no price, or a per-unit price not prorated: quantity × unit price says it all).
 */
export function explainPricedLine(line: LineInput, amount: bigint, currency: string, productName: string | null): LineExplanation | null {
  const price = line.price;
  if (!price) return null;
  let quantity: string;
  let breakdown: ReturnType<typeof priceBreakdown>;
  try {
    quantity = toDecimalString(toRational(line.quantity ?? "1", "quantity"));
    breakdown = priceBreakdown(price, quantity, currency);
  } catch (e) {
    if (e instanceof RangeError) return { kind: "cannot", reason: "does_not_add_up" };
    throw e;
  }
  const p = line.proration;
  if (!p) return breakdown.scheme === "per_unit" ? null : { kind: "price", breakdown, amount, price };
  return {
    kind: "proration",
    direction: p.side,
    productName,
    quantity,
    breakdown,
    from: at(p.prorationDate),
    to: at(p.periodEnd),
    periodStart: at(p.periodStart),
    remainingSeconds: BigInt(p.periodEnd - p.prorationDate),
    periodSeconds: BigInt(p.periodEnd - p.periodStart),
    amount,
    price,
  };
}
