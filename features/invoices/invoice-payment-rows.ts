import { explainDecline } from "@/features/payments/explain-decline";

type InvoicePayments = {
  currency: string;
  payUrl: string | null;
  payments: { status: string; declineCode: string | null }[];
};

/**
 * An invoice's payments as the portal's payments table shows them: a failure explained in plain
 * words, a failed attempt retried on the invoice's own pay page, amounts in the invoice's currency.
 */
export function invoicePaymentRows<D extends InvoicePayments>(d: D) {
  return d.payments.map((p) => {
    const failed = p.status === "failed";
    return { ...(p as D["payments"][number]), currency: d.currency, explanation: explainDecline(p.declineCode, failed), retryUrl: failed ? d.payUrl : null };
  });
}
