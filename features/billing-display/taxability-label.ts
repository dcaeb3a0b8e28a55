// "not collected: <reason in words>" for a Stripe Tax entry that collected nothing by its
// taxability_reason (billing-math's taxability kinds), on the invoice page and in its PDF alike.
import { isNotCollected } from "@/features/billing-math/taxability";
import type { MessageKey, Translate } from "@/lib/i18n";

const REASON_KEYS: Record<string, MessageKey> = {
  not_collecting: "tax.reason.not_collecting",
  customer_exempt: "tax.reason.customer_exempt",
  product_exempt: "tax.reason.product_exempt",
  product_exempt_holiday: "tax.reason.product_exempt_holiday",
  reverse_charge: "tax.reason.reverse_charge",
  zero_rated: "tax.reason.zero_rated",
  not_subject_to_tax: "tax.reason.not_subject_to_tax",
  not_supported: "tax.reason.not_supported",
  not_available: "tax.reason.not_available",
  excluded_territory: "tax.reason.excluded_territory",
  jurisdiction_unsupported: "tax.reason.jurisdiction_unsupported",
};

/** The reason in words, or null when the entry did collect tax (or carries no reason). */
export function notCollectedNote(t: Translate, reason: string | null | undefined): string | null {
  if (!reason || !isNotCollected(reason)) return null;
  const key = REASON_KEYS[reason];
  return t("portal.invoice.taxNotCollected", { reason: key ? t(key) : reason.replaceAll("_", " ") });
}
