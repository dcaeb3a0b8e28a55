/**
 * What can still be credited on an invoice: its total minus every credit note not voided and
 * every refund of its payments that is not already part of a credit note. Corrections sent to
 * Stripe but not yet projected (in flight) count too, so two corrections cannot both pass the
 * check before either is synced. Never negative.
 */
export function remainingCreditable(input: {
  invoiceTotal: bigint;
  creditNotes: readonly { stripeId: string; total: bigint; status: string }[];
  refunds: readonly { stripeId: string; amount: bigint; status: string; creditNoteStripeId: string | null }[];
  inFlight: readonly { kind: string; amountMinor: bigint; stripeCreditNoteId: string | null; stripeRefundId: string | null }[];
}): bigint {
  const notes = input.creditNotes.filter((c) => c.status !== "VOID");
  const known = new Set(input.creditNotes.map((c) => c.stripeId));
  const knownRefunds = new Set(input.refunds.map((r) => r.stripeId));
  let used = notes.reduce((s, c) => s + c.total, 0n);
  used += input.refunds.filter((r) => !r.creditNoteStripeId && r.status !== "failed" && r.status !== "canceled").reduce((s, r) => s + r.amount, 0n);
  for (const c of input.inFlight) {
    if (c.kind === "refund" ? c.stripeRefundId && knownRefunds.has(c.stripeRefundId) : c.stripeCreditNoteId && known.has(c.stripeCreditNoteId)) continue;
    used += c.amountMinor;
  }
  const left = input.invoiceTotal - used;
  return left > 0n ? left : 0n;
}
