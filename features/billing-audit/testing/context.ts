// Test-only builders of audit contexts: one clean, paid USD invoice that every rule accepts,
// which each test then breaks in exactly one way.
import { DEFAULT_SETTINGS, type AuditCharge, type AuditContext, type AuditLine, type AuditTariff } from "../types";

export const T0 = new Date("2026-03-01T00:00:00Z");
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export function line(over: Partial<AuditLine> = {}): AuditLine {
  return {
    id: "line_1",
    stripeId: "il_1",
    position: 0,
    currency: "usd",
    amount: 12000n,
    quantity: "10",
    unitAmountDecimal: "1200",
    priceId: "price_seats",
    productId: "prod_seats",
    periodStart: T0,
    periodEnd: at(60 * 24 * 31),
    proration: false,
    discounts: [],
    taxes: [{ taxRateId: "txr_1", percentage: "10", inclusive: false, amount: 1200n, taxableAmount: 12000n }],
    ...over,
  };
}

export function tariff(over: Partial<AuditTariff> = {}): AuditTariff {
  return {
    id: "tar_1",
    priceId: "price_seats",
    productId: "prod_seats",
    currency: "usd",
    unitAmountDecimal: "1200",
    validFrom: new Date("2026-01-01T00:00:00Z"),
    validTo: null,
    ...over,
  };
}

export function charge(over: Partial<AuditCharge> = {}): AuditCharge {
  return {
    stripeId: "ch_1",
    paymentIntentStripeId: "pi_1",
    amount: 13200n,
    amountRefunded: 0n,
    currency: "usd",
    status: "succeeded",
    disputed: false,
    stripeCreated: at(5),
    invoiceStripeIds: ["in_1"],
    ...over,
  };
}

export function context(over: Partial<AuditContext> = {}): AuditContext {
  return {
    now: at(60 * 24 * 60),
    settings: DEFAULT_SETTINGS,
    customer: { id: "cust_1", stripeId: "cus_1", currency: "usd", deleted: false },
    invoice: {
      id: "inv_1",
      stripeId: "in_1",
      number: "INV-1",
      status: "PAID",
      currency: "usd",
      subtotal: 12000n,
      subtotalExcludingTax: 12000n,
      total: 13200n,
      totalExcludingTax: 12000n,
      amountDue: 13200n,
      amountPaid: 13200n,
      amountRemaining: 0n,
      amountOverpaid: 0n,
      stripeCreated: at(1),
      finalizedAt: at(1),
      paidAt: at(5),
      lines: [line()],
      discounts: [],
      taxes: [{ taxRateId: "txr_1", percentage: "10", inclusive: false, amount: 1200n, taxableAmount: 12000n }],
      payments: [
        {
          stripeId: "inpay_1",
          paymentIntentStripeId: "pi_1",
          chargeStripeId: null,
          outOfBand: false,
          amountPaid: 13200n,
          amountRequested: 13200n,
          currency: "usd",
          status: "paid",
          paidAt: at(5),
        },
      ],
    },
    tariffs: [tariff()],
    contractDiscounts: [],
    charges: [charge()],
    refunds: [],
    diffs: [],
    ...over,
  };
}

/** The context with its invoice changed. */
export function withInvoice(patch: Partial<AuditContext["invoice"]>, over: Partial<AuditContext> = {}): AuditContext {
  const base = context(over);
  return { ...base, invoice: { ...base.invoice, ...patch } };
}
