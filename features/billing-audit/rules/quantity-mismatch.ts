// A licensed subscription line whose billed quantity differs from its subscription item's.
//
// Only one comparison is sound with what is projected: the item keeps its CURRENT quantity and
// period, not their history. So the rule compares only
// - a line that is not a proration (a quantity changed mid-period is billed as a pair of
//   proration lines at the old and new quantity, which differ from the item by design),
// - whose period is exactly the item's current period (the regular line of that period),
// - of a licensed item (metered items have no quantity: usage is billed in arrears),
// - on an invoice made after the subscription's newest event: a later change (seats changed
//   with proration_behavior=none, which rightly leaves the period billed at the old count)
//   could have moved the item's quantity since, and the event moving it carries the same
//   second as a renewal invoice, so an equal time is not "after".
// The amount at stake is the line's amount minus what the same price makes of the item's
// quantity (tiers and packages included); 0 when that cannot be recomputed.
import { abs, draft, isDead } from "./helpers";
import { lineMathExpected } from "./line-math";
import { matchSubscriptionItem } from "./subscription-match";
import type { FindingDraft, Rule } from "../types";
import { sameDecimal } from "./helpers";

export const quantityMismatch: Rule = (ctx) => {
  const inv = ctx.invoice;
  const out: FindingDraft[] = [];
  if (isDead(inv.status) || inv.status === "VOID" || !ctx.subscriptions?.length) return out;
  for (const line of inv.lines) {
    if (line.proration || !line.periodStart || !line.periodEnd) continue;
    const match = matchSubscriptionItem(ctx, line);
    if (!match) continue;
    const { item, subscription: s } = match;
    if (item.quantity === null || !item.currentPeriodStart || !item.currentPeriodEnd) continue;
    if (line.periodStart.getTime() !== item.currentPeriodStart.getTime() || line.periodEnd.getTime() !== item.currentPeriodEnd.getTime()) continue;
    if (!s.lastEventAt || s.lastEventAt.getTime() >= inv.stripeCreated.getTime()) continue;
    const itemQuantity = item.quantity.toString();
    if (sameDecimal(line.quantity, itemQuantity)) continue;
    let expected: bigint | null = null;
    try {
      expected = lineMathExpected({ ...line, quantity: itemQuantity })?.expected ?? null;
    } catch {
      expected = null;
    }
    const diff = expected === null ? 0n : line.amount - expected;
    out.push(
      draft(ctx, {
        rule: "quantity_mismatch",
        fingerprint: `quantity_mismatch:${line.stripeId}`,
        severity: diff > 0n ? "HIGH" : "MEDIUM",
        amountAtStakeMinor: abs(diff),
        summary: `Line ${line.position + 1} bills ${line.quantity}, subscription item ${item.stripeId} has ${itemQuantity} for the period`,
        evidence: {
          line: line.stripeId,
          subscription: s.stripeId,
          subscriptionItem: item.stripeId,
          priceId: line.priceId,
          billedQuantity: line.quantity,
          itemQuantity,
          periodStart: line.periodStart.toISOString(),
          periodEnd: line.periodEnd.toISOString(),
          billed: line.amount,
          expected,
        },
        suggestion: {
          kind: "recalculation",
          edits: [{ type: "set_quantity", lineId: line.stripeId, quantity: itemQuantity }],
          differenceMinor: diff,
          currency: inv.currency,
        },
      }),
    );
  }
  return out;
};
