// duplicate charge, overpayment, lost sync, refund larger than its charge
import { describe, expect, it } from "vitest";
import { at, charge, context, withInvoice } from "../testing/context";
import { duplicateCharge } from "./duplicate-charge";
import { lostSync } from "./lost-sync";
import { overpayment } from "./overpayment";
import { refundExceedsCharge } from "./refund-exceeds-charge";

const dup = charge({ stripeId: "ch_2", paymentIntentStripeId: "pi_2", stripeCreated: at(12), invoiceStripeIds: [] });

describe("duplicate charge", () => {
  it("fires on an unlinked, unrefunded charge of the same amount minutes later, suggesting its refund", () => {
    const [f] = duplicateCharge(context({ charges: [charge(), dup] }));
    expect(f.fingerprint).toBe("duplicate_charge:ch_2");
    expect(f.amountAtStakeMinor).toBe(13200n);
    expect(f.suggestion).toEqual({ kind: "refund", chargeStripeId: "ch_2", amountMinor: 13200n, currency: "usd", reason: "duplicate" });
  });
  it("asks only for the unrefunded part of a partly refunded duplicate", () => {
    expect(duplicateCharge(context({ charges: [charge(), { ...dup, amountRefunded: 200n }] }))[0].amountAtStakeMinor).toBe(13000n);
  });
  it("does not fire when refunded, another amount or currency, outside the window, failed, or paying an invoice", () => {
    const none = (c: typeof dup) => expect(duplicateCharge(context({ charges: [charge(), c] }))).toEqual([]);
    none({ ...dup, amountRefunded: 13200n });
    none({ ...dup, amount: 13201n });
    none({ ...dup, currency: "eur" });
    none({ ...dup, stripeCreated: at(60 * 24 * 2) });
    none({ ...dup, status: "failed" });
    none({ ...dup, invoiceStripeIds: ["in_2"] });
  });
  it("does not fire when the invoice has no paying charge", () => {
    expect(duplicateCharge(context({ charges: [{ ...charge(), invoiceStripeIds: [] }, dup] }))).toEqual([]);
  });
});

const second = {
  stripeId: "inpay_2",
  paymentIntentStripeId: "pi_2",
  chargeStripeId: null,
  outOfBand: false,
  amountPaid: 13200n,
  amountRequested: 13200n,
  currency: "usd",
  status: "paid",
  paidAt: at(60 * 24 * 2),
};

describe("overpayment", () => {
  it("fires on a second payment with amount_overpaid, suggesting a refund of the second charge", () => {
    const base = context({ charges: [charge(), charge({ stripeId: "ch_2", paymentIntentStripeId: "pi_2", stripeCreated: at(60 * 48) })] });
    const [f] = overpayment({ ...base, invoice: { ...base.invoice, amountOverpaid: 13200n, payments: [...base.invoice.payments, second] } });
    expect(f.rule).toBe("overpayment");
    expect(f.amountAtStakeMinor).toBe(13200n);
    expect(f.suggestion).toMatchObject({ kind: "refund", chargeStripeId: "ch_2", amountMinor: 13200n });
  });
  it("fires when amount_paid exceeds amount_due even with one payment", () => {
    expect(overpayment(withInvoice({ amountPaid: 14000n }))[0].amountAtStakeMinor).toBe(800n);
  });
  it("does not fire on one exact payment, failed or canceled attempts, or out-of-band payment", () => {
    expect(overpayment(context())).toEqual([]);
    const c = context();
    expect(overpayment({ ...c, invoice: { ...c.invoice, payments: [...c.invoice.payments, { ...second, status: "canceled", amountPaid: 0n }] } })).toEqual([]);
    expect(overpayment(withInvoice({ payments: [] }))).toEqual([]);
  });
});

describe("lost sync", () => {
  it("fires when a paid payment sits on an invoice still open past the grace period", () => {
    const [f] = lostSync(withInvoice({ status: "OPEN", amountPaid: 0n, amountRemaining: 13200n }));
    expect(f.rule).toBe("lost_sync");
    expect(f.amountAtStakeMinor).toBe(13200n);
    expect(f.suggestion).toMatchObject({ kind: "resync" });
  });
  it("fires on a succeeded linked charge even without a paid payment record", () => {
    expect(lostSync(withInvoice({ status: "OPEN", payments: [] }))).toHaveLength(1);
  });
  it("does not fire within the grace period, on paid invoices, or with only failed attempts", () => {
    expect(lostSync(withInvoice({ status: "OPEN" }, { now: at(30) }))).toEqual([]);
    expect(lostSync(context())).toEqual([]);
    expect(lostSync(withInvoice({ status: "OPEN", payments: [] }, { charges: [charge({ status: "failed" })] }))).toEqual([]);
  });
});

describe("refund larger than its charge", () => {
  const refund = (amount: bigint, status = "succeeded") => ({ stripeId: `re_${amount}`, chargeStripeId: "ch_1", amount, currency: "usd", status });
  it("fires when refunds add up to more than the charge", () => {
    const [f] = refundExceedsCharge(context({ refunds: [refund(10000n), refund(5000n)] }));
    expect(f.severity).toBe("CRITICAL");
    expect(f.amountAtStakeMinor).toBe(1800n);
  });
  it("fires when the charge's own amount_refunded exceeds its amount", () => {
    expect(refundExceedsCharge(context({ charges: [charge({ amountRefunded: 20000n })] }))).toHaveLength(1);
  });
  it("does not fire on full or partial refunds, or failed refunds that returned nothing", () => {
    expect(refundExceedsCharge(context({ refunds: [refund(13200n)] }))).toEqual([]);
    expect(refundExceedsCharge(context({ refunds: [refund(100n), refund(20000n, "failed")] }))).toEqual([]);
  });
});
