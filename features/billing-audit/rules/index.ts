// Every audit rule, and the one entry point that runs them all over a context.
import { afterServiceEnd } from "./after-service-end";
import { afterSubscriptionEnd } from "./after-subscription-end";
import { contractDiscount } from "./contract-discount";
import { currencyMismatch } from "./currency-mismatch";
import { duplicateCharge } from "./duplicate-charge";
import { invoiceMath } from "./invoice-math";
import { lineMath } from "./line-math";
import { lostSync } from "./lost-sync";
import { meteredUsageMismatch } from "./metered-usage";
import { overpayment } from "./overpayment";
import { prorationCredit } from "./proration-credit";
import { quantityMismatch } from "./quantity-mismatch";
import { reconciliationDiff } from "./reconciliation-diff";
import { refundExceedsCharge } from "./refund-exceeds-charge";
import { tariffPrice } from "./tariff-price";
import { trialCharged } from "./trial-charged";
import type { AuditContext, FindingDraft, Rule, RuleId } from "../types";

export const RULES: Record<RuleId, Rule> = {
  line_math: lineMath,
  invoice_math: invoiceMath,
  duplicate_charge: duplicateCharge,
  overpayment,
  tariff_price: tariffPrice,
  contract_discount: contractDiscount,
  after_service_end: afterServiceEnd,
  currency_mismatch: currencyMismatch,
  lost_sync: lostSync,
  refund_exceeds_charge: refundExceedsCharge,
  reconciliation_diff: reconciliationDiff,
  after_subscription_end: afterSubscriptionEnd,
  trial_charged: trialCharged,
  quantity_mismatch: quantityMismatch,
  proration_credit: prorationCredit,
  metered_usage_mismatch: meteredUsageMismatch,
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** Runs every rule; a rule that throws on odd data yields no findings rather than stopping the audit. */
export function runRules(ctx: AuditContext, onError?: (rule: RuleId, error: unknown) => void): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const id of RULE_IDS) {
    try {
      out.push(...RULES[id](ctx));
    } catch (error) {
      onError?.(id, error);
    }
  }
  return out;
}
