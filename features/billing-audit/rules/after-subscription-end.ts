// A line billed for a period that starts at or after its subscription ended charges for a service
// the customer no longer has. The end is the subscription's own: `ended_at` ("If the
// subscription has ended, the date the subscription ended", Stripe's Subscription object), or a
// `cancel_at` that has passed. Where the line bills a subscription item, this replaces
// after_service_end's contract-end stand-in (rules/after-service-end.ts skips those lines).
// Credits (a final proration of "Unused time") are not charges and are never accused.
import { draft, isDead, lineInstant } from "./helpers";
import { matchSubscriptionItem, subscriptionEnd } from "./subscription-match";
import type { FindingDraft, Rule } from "../types";

export const afterSubscriptionEnd: Rule = (ctx) => {
  const inv = ctx.invoice;
  const out: FindingDraft[] = [];
  if (isDead(inv.status) || inv.status === "VOID" || !ctx.subscriptions?.length) return out;
  for (const line of inv.lines) {
    if (line.amount <= 0n) continue;
    const match = matchSubscriptionItem(ctx, line);
    if (!match) continue;
    const end = subscriptionEnd(match.subscription, ctx.now);
    const at = lineInstant(ctx, line);
    if (!end || at.getTime() < end.getTime()) continue;
    const s = match.subscription;
    out.push(
      draft(ctx, {
        rule: "after_subscription_end",
        fingerprint: `after_subscription_end:${line.stripeId}`,
        severity: "HIGH",
        amountAtStakeMinor: line.amount,
        summary: `Line ${line.position + 1} bills a period starting ${at.toISOString().slice(0, 10)}, after subscription ${s.stripeId} ended on ${end.toISOString().slice(0, 10)}`,
        evidence: {
          line: line.stripeId,
          subscription: s.stripeId,
          subscriptionItem: match.item.stripeId,
          priceId: line.priceId,
          periodStart: at.toISOString(),
          endedAt: end.toISOString(),
          endedBy: s.endedAt ? "ended_at" : "cancel_at",
          amount: line.amount,
        },
        suggestion: { kind: "recalculation", edits: [{ type: "remove_line", lineId: line.stripeId }], differenceMinor: line.amount, currency: inv.currency },
      }),
    );
  }
  return out;
};
