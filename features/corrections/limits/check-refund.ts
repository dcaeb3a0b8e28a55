import { parseMoneyInput } from "@/lib/money/index";

/** Refund-only corrections that hold part of a charge until their refund is synced (at create and preview). */
export const REFUND_IN_FLIGHT = ["PENDING_APPROVAL", "APPROVED", "SUBMITTING", "ISSUED"] as const;
/** At issue, only those already sent to Stripe hold (as for credit notes): the first one issued wins. */
export const REFUND_SENT = ["SUBMITTING", "ISSUED"] as const;

export type RefundFacts = {
  disputeClosed: boolean;
  /** null when it is not a succeeded charge of the dispute's customer. */
  charge: { amount: bigint; amountRefunded: bigint; currency: string } | null;
  openChargeback: boolean;
  /** The charge's refunds as synced. */
  refunds: readonly { stripeId: string; amount: bigint; status: string }[];
  /** Other refund-only corrections on this charge that hold part of it (REFUND_IN_FLIGHT, or REFUND_SENT at issue). */
  others: readonly { id: string; status: string; amountMinor: bigint; stripeRefundId: string | null }[];
};

export type RefundCheck = {
  /** field → i18n key; "form" for the whole request. Empty when Settle would send it. */
  errors: Record<string, string>;
  refunded: bigint;
  inFlight: { id: string; status: string; amountMinor: bigint }[];
  inFlightTotal: bigint;
  /** What can still be refunded before this refund. */
  refundable: bigint;
  amount: bigint | null;
  /** What is left on the charge after this refund (null without a valid amount). */
  remainderAfter: bigint | null;
};

/**
 * The rules of a refund-only correction, shared by createCorrection and the preview so they
 * cannot disagree: the dispute is open, the charge is a succeeded charge of its customer with no
 * open chargeback (Stripe refuses, and we never try), and the amount is a valid amount in the
 * charge's currency within what is left: charged − refunded − what other corrections already
 * hold. "Refunded" is the larger of the charge's amount_refunded and its synced refunds (either
 * projection can lag the other); a correction whose refund is synced is counted there, not twice.
 * The amount is typed text (create, preview) or a correction's minor units (issue). With
 * `amountOptional`, an empty amount is no error (a preview before anything is typed).
 */
export function checkRefund(facts: RefundFacts, amountInput: string | bigint, opts: { amountOptional?: boolean } = {}): RefundCheck {
  const errors: Record<string, string> = {};
  if (facts.disputeClosed) errors.form = "desk.corrections.err.disputeClosed";
  const c = facts.charge;
  if (!c)
    return {
      errors: { ...errors, chargeStripeId: "desk.corrections.err.charge" },
      refunded: 0n,
      inFlight: [],
      inFlightTotal: 0n,
      refundable: 0n,
      amount: null,
      remainderAfter: null,
    };
  const live = facts.refunds.filter((r) => r.status !== "failed" && r.status !== "canceled");
  const synced = live.reduce((s, r) => s + r.amount, 0n);
  const refunded = synced > c.amountRefunded ? synced : c.amountRefunded;
  const syncedIds = new Set(live.map((r) => r.stripeId));
  const inFlight = facts.others
    .filter((o) => !(o.stripeRefundId && syncedIds.has(o.stripeRefundId)))
    .map((o) => ({ id: o.id, status: o.status, amountMinor: o.amountMinor }));
  const inFlightTotal = inFlight.reduce((s, o) => s + o.amountMinor, 0n);
  const left = c.amount - refunded - inFlightTotal;
  const refundable = left > 0n ? left : 0n;
  if (facts.openChargeback) errors.chargeStripeId = "desk.corrections.err.chargeback";
  let amount: bigint | null = null;
  if (typeof amountInput === "bigint") {
    amount = amountInput;
    if (amount > refundable) errors.amount = "desk.corrections.err.overRefundable";
  } else if (amountInput.trim() || !opts.amountOptional) {
    const parsed = parseMoneyInput(amountInput, c.currency);
    if (!parsed.ok) errors.amount = `desk.corrections.err.amount_${parsed.error}`;
    else {
      amount = parsed.amount;
      if (amount > refundable) errors.amount = "desk.corrections.err.overRefundable";
    }
  }
  return { errors, refunded, inFlight, inFlightTotal, refundable, amount, remainderAfter: amount === null ? null : refundable - amount };
}
