// Test-only: builds billing situations in the emulator through the official SDK.
import type Stripe from "stripe";
import { createStripe } from "@/lib/stripe";

export const apiClient = (url: string, opts: { livemode?: boolean } = {}): Stripe =>
  createStripe({ secretKey: opts.livemode ? "sk_" + "live_settle_tests" : "sk_test_settle_tests", apiBase: url, maxNetworkRetries: 0 });

export async function paidInvoice(stripe: Stripe, opts: { lines?: number; currency?: string; unitAmountDecimal?: string; pay?: boolean } = {}) {
  const currency = opts.currency ?? "usd";
  const customer = await stripe.customers.create({ email: `c${Math.random()}@example.test`, name: "Test Customer" });
  const tax = await stripe.taxRates.create({ display_name: "VAT", percentage: 19, inclusive: false });
  const draft = await stripe.invoices.create({ customer: customer.id, currency, default_tax_rates: [tax.id] });
  for (let i = 0; i < (opts.lines ?? 3); i++) {
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      currency,
      quantity: i + 1,
      unit_amount_decimal: opts.unitAmountDecimal ?? "1000",
      description: `line ${i + 1}`,
    } as unknown as Stripe.InvoiceItemCreateParams);
  }
  let invoice = await stripe.invoices.finalizeInvoice(draft.id);
  if (opts.pay !== false) {
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    invoice = await stripe.invoices.pay(invoice.id, { payment_method: pm.id });
  }
  return { customer, invoice, tax };
}
