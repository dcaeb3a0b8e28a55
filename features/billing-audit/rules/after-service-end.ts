// A line billed for a period that starts after every contract for its product ended (or after
// the customer was deleted in Stripe) charges for a service the customer no longer has.
// A line that bills a subscription item is judged by the subscription's own end instead
// (after_subscription_end): the contract end is only the stand-in where no subscription exists.
import { draft, isDead, lineInstant, tariffInForce, tariffsFor } from "./helpers";
import { matchSubscriptionItem } from "./subscription-match";
import type { FindingDraft, Rule } from "../types";

export const afterServiceEnd: Rule = (ctx) => {
  const inv = ctx.invoice;
  const out: FindingDraft[] = [];
  if (isDead(inv.status) || inv.status === "VOID") return out;
  for (const line of inv.lines) {
    if (line.amount <= 0n || tariffInForce(ctx, line) || matchSubscriptionItem(ctx, line)) continue;
    const ended = tariffsFor(ctx, line).filter((t) => t.validTo !== null);
    const at = lineInstant(ctx, line);
    // Only when the service had ended: every contract for it ended at or before this period.
    if (!ended.length || ended.length !== tariffsFor(ctx, line).length || !ended.every((t) => t.validTo!.getTime() <= at.getTime())) continue;
    const end = new Date(Math.max(...ended.map((t) => t.validTo!.getTime())));
    out.push(
      draft(ctx, {
        rule: "after_service_end",
        fingerprint: `after_service_end:${line.stripeId}`,
        severity: "HIGH",
        amountAtStakeMinor: line.amount,
        summary: `Line ${line.position + 1} bills a period starting ${at.toISOString().slice(0, 10)}, after the contract ended on ${end.toISOString().slice(0, 10)}`,
        evidence: {
          line: line.stripeId,
          productId: line.productId,
          priceId: line.priceId,
          periodStart: at.toISOString(),
          serviceEndedAt: end.toISOString(),
          amount: line.amount,
        },
        suggestion: { kind: "recalculation", edits: [{ type: "remove_line", lineId: line.stripeId }], differenceMinor: line.amount, currency: inv.currency },
      }),
    );
  }
  return out;
};
