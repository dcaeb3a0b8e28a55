/**
 * The part of a credit note that reduces what is still owed (Stripe's pre_payment_amount):
 * only an open invoice has any, and never more than its amount remaining.
 */
export function prePaymentAmount(input: { invoiceStatus: string; amountRemaining: bigint; total: bigint }): bigint {
  if (input.invoiceStatus !== "OPEN" && input.invoiceStatus !== "open") return 0n;
  const remaining = input.amountRemaining > 0n ? input.amountRemaining : 0n;
  return input.total < remaining ? input.total : remaining;
}
