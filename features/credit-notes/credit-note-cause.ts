// Why a credit note was issued, in the customer's words. Stripe's credit-note reason has four
// values, so Settle sends "order_change" for every billing mistake; the customer must not read
// "Order changed" when we over-billed their seats. When Settle issued the note, its correction
// knows the truth: the dispute's reason (what was wrong), the audit finding that caught it, and
// the root cause (a note given although nothing was wrong is a goodwill credit, not an error).
// Notes issued outside Settle keep Stripe's reason.
import type { MessageKey, Translate } from "@/lib/i18n";
import { creditNoteReasonLabel } from "@/features/billing-display/labels";

export type CreditNoteCause = { disputeReason: string | null; findingRule: string | null; rootCause: string | null };

/** SQL (scalar subquery) giving the cause as JSON for the CreditNote aliased `cn`; null when Settle did not issue it. */
export const creditNoteCauseSql = (cn: string) => `(
  SELECT json_build_object('disputeReason', d.reason::text, 'findingRule', f.rule, 'rootCause', coalesce(co."rootCause", d."rootCause")::text)
  FROM "Correction" co LEFT JOIN "Dispute" d ON d.id = co."disputeId" LEFT JOIN "Finding" f ON f.id = co."findingId"
  WHERE co."stripeCreditNoteId" = ${cn}."stripeId" LIMIT 1)`;

// What each audit rule found, as the dispute reason a customer would have given.
const RULE_AS_REASON: Record<string, string> = {
  tariff_price: "WRONG_PRICE",
  contract_discount: "DISCOUNT",
  duplicate_charge: "CHARGED_TWICE",
  after_service_end: "AFTER_CANCELLATION",
  line_math: "BILLING_MATH",
  invoice_math: "BILLING_MATH",
};

const CAUSES = new Set(["WRONG_QUANTITY", "WRONG_PRICE", "DISCOUNT", "CHARGED_TWICE", "AFTER_CANCELLATION", "SERVICE_NOT_RECEIVED", "TAX_WRONG", "BILLING_MATH"]);

/** The catalog key of the cause, or null when only Stripe's reason is known. */
export function creditNoteCauseKey(cause: CreditNoteCause | null | undefined): MessageKey | null {
  if (!cause) return null;
  if (cause.rootCause === "NOT_AN_ERROR") return "portal.cnCause.GOODWILL";
  const reason = cause.disputeReason && CAUSES.has(cause.disputeReason) ? cause.disputeReason : cause.findingRule ? RULE_AS_REASON[cause.findingRule] : undefined;
  return reason ? (`portal.cnCause.${reason}` as MessageKey) : null;
}

/** The reason a customer reads for a credit note: its cause when Settle knows it, else Stripe's reason. */
export function creditNoteReasonText(t: Translate, cn: { reason: string | null; cause?: CreditNoteCause | null }): string {
  const key = creditNoteCauseKey(cn.cause);
  return key ? t(key) : creditNoteReasonLabel(t, cn.reason);
}
