// Why a credit note was issued, in the customer's words. Stripe's credit-note reason has four
// values, so Settle sends "order_change" for every billing mistake; the customer must not read
// "Order changed" when we over-billed their seats. When Settle issued the note, its correction
// knows the truth: the dispute's reason (what was wrong), the audit finding that caught it, and
// the root cause (a note given although nothing was wrong is a goodwill credit, not an error).
// A note issued elsewhere (a billing tool, the demo's history) can say the same in its Stripe
// metadata: `settle_cause` = one of the causes below (WRONG_QUANTITY, …) or GOODWILL. Notes
// with neither keep Stripe's reason.
import type { MessageKey, Translate } from "@/lib/i18n";
import { creditNoteReasonLabel } from "@/features/billing-display/labels";

export type CreditNoteCause = { disputeReason: string | null; findingRule: string | null; rootCause: string | null };

/** The Stripe metadata key of a note's cause when Settle did not issue it (see the top of this file). */
export const CAUSE_METADATA_KEY = "settle_cause";

/**
 * SQL (scalar expression) giving the cause as JSON for the CreditNote aliased `cn`: from the
 * correction when Settle issued it, else from its `settle_cause` metadata; null when neither.
 */
export const creditNoteCauseSql = (cn: string) => `coalesce((
  SELECT json_build_object('disputeReason', d.reason::text, 'findingRule', f.rule, 'rootCause', coalesce(co."rootCause", d."rootCause")::text)
  FROM "Correction" co LEFT JOIN "Dispute" d ON d.id = co."disputeId" LEFT JOIN "Finding" f ON f.id = co."findingId"
  WHERE co."stripeCreditNoteId" = ${cn}."stripeId" LIMIT 1),
  CASE WHEN ${cn}.metadata->>'${CAUSE_METADATA_KEY}' IS NOT NULL THEN json_build_object(
    'disputeReason', ${cn}.metadata->>'${CAUSE_METADATA_KEY}', 'findingRule', NULL::text,
    'rootCause', CASE WHEN ${cn}.metadata->>'${CAUSE_METADATA_KEY}' = 'GOODWILL' THEN 'NOT_AN_ERROR' END) END)`;

// What each audit rule found, as the dispute reason a customer would have given.
const RULE_AS_REASON: Record<string, string> = {
  tariff_price: "WRONG_PRICE",
  contract_discount: "DISCOUNT",
  duplicate_charge: "CHARGED_TWICE",
  after_service_end: "AFTER_CANCELLATION",
  after_subscription_end: "AFTER_CANCELLATION",
  quantity_mismatch: "WRONG_QUANTITY",
  metered_usage_mismatch: "WRONG_QUANTITY",
  proration_credit: "BILLING_MATH",
  line_math: "BILLING_MATH",
  invoice_math: "BILLING_MATH",
};

const CAUSES = new Set([
  "WRONG_QUANTITY",
  "WRONG_PRICE",
  "DISCOUNT",
  "CHARGED_TWICE",
  "AFTER_CANCELLATION",
  "SERVICE_NOT_RECEIVED",
  "TAX_WRONG",
  "BILLING_MATH",
]);

/** The catalog key of the cause, or null when only Stripe's reason is known. */
export function creditNoteCauseKey(cause: CreditNoteCause | null | undefined): MessageKey | null {
  if (!cause) return null;
  if (cause.rootCause === "NOT_AN_ERROR") return "portal.cnCause.GOODWILL";
  const reason =
    cause.disputeReason && CAUSES.has(cause.disputeReason) ? cause.disputeReason : cause.findingRule ? RULE_AS_REASON[cause.findingRule] : undefined;
  return reason ? (`portal.cnCause.${reason}` as MessageKey) : null;
}

/** The reason a customer reads for a credit note: its cause when Settle knows it, else Stripe's reason. */
export function creditNoteReasonText(t: Translate, cn: { reason: string | null; cause?: CreditNoteCause | null }): string {
  const key = creditNoteCauseKey(cn.cause);
  return key ? t(key) : creditNoteReasonLabel(t, cn.reason);
}
