// A positive charge for a subscription item for a period inside the subscription's trial
// (`trial_start` ≤ period start < `trial_end`). Stripe bills a trial at zero: "When creating a
// subscription with a trial period, … An immediate invoice is still created, but for $0. When
// the trial ends, … we generate an invoice … A new billing cycle also begins for the customer
// when the trial ends" (docs.stripe.com/billing/subscriptions/trials). So the first charge is
// for the period starting at trial_end; a positive line for a period starting inside the trial
// charges the free time. Licensed items only: a metered item's usage during a trial is billed
// in arrears by rules this audit does not model yet (metered16), so it is not accused here.
import { draft, isDead, lineInstant } from "./helpers";
import { matchSubscriptionItem } from "./subscription-match";
import type { FindingDraft, Rule } from "../types";

export const trialCharged: Rule = (ctx) => {
  const inv = ctx.invoice;
  const out: FindingDraft[] = [];
  if (isDead(inv.status) || inv.status === "VOID" || !ctx.subscriptions?.length) return out;
  for (const line of inv.lines) {
    if (line.amount <= 0n) continue;
    const match = matchSubscriptionItem(ctx, line);
    const s = match?.subscription;
    if (!match || match.item.quantity === null || !s?.trialStart || !s.trialEnd) continue;
    const at = lineInstant(ctx, line).getTime();
    if (at < s.trialStart.getTime() || at >= s.trialEnd.getTime()) continue;
    out.push(
      draft(ctx, {
        rule: "trial_charged",
        fingerprint: `trial_charged:${line.stripeId}`,
        severity: "HIGH",
        amountAtStakeMinor: line.amount,
        summary: `Line ${line.position + 1} charges ${line.amount} for a period starting ${new Date(at).toISOString().slice(0, 10)}, inside the trial of ${s.stripeId} (${s.trialStart.toISOString().slice(0, 10)} – ${s.trialEnd.toISOString().slice(0, 10)})`,
        evidence: {
          line: line.stripeId,
          subscription: s.stripeId,
          subscriptionItem: match.item.stripeId,
          priceId: line.priceId,
          periodStart: new Date(at).toISOString(),
          trialStart: s.trialStart.toISOString(),
          trialEnd: s.trialEnd.toISOString(),
          amount: line.amount,
        },
        suggestion: {
          kind: "recalculation",
          edits: [{ type: "set_amount", lineId: line.stripeId, amount: 0n }],
          differenceMinor: line.amount,
          currency: inv.currency,
        },
      }),
    );
  }
  return out;
};
