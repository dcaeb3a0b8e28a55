// Issue 14, "every figure a customer sees is right and consistent": one invoice synced from the
// emulator through the real webhook path, then read as the page reads it, as the PDF (en, ru)
// and as the CSV — the same discounts (by coupon name, line and invoice apart), the same service
// period, refunded payments named as such, and the customer's credit balance with its history.
import { formatAmount } from "@/features/billing-display/format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { PDFParse } from "pdf-parse";
import { closeDb, getDb, type Db } from "@/lib/db";
import { createT, type Locale } from "@/lib/i18n";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { resetSyncTables, startWorld, type SyncWorld } from "@/features/stripe-sync/testing/harness";
import { apiClient } from "@/features/stripe-sync/testing/billing";
import { formatDay, formatPeriod } from "@/features/billing-display/format";
import { lineDiscountEntries } from "@/features/billing-display/discount-label";
import { chargeState, chargeStateLabel } from "@/features/billing-display/labels";
import { getPortalOverview } from "@/features/portal-overview/get-portal-overview";
import { exportPaymentsCsv } from "@/features/payments/export-payments-csv";
import { listPayments } from "@/features/payments/list-payments";
import { auditInvoices } from "@/features/billing-audit/audit-invoices";
import { getCreditNoteDetail } from "@/features/credit-notes/get-credit-note-detail";
import { listCreditNotes } from "@/features/credit-notes/list-credit-notes";
import { creditNotePdf } from "@/features/credit-notes/render-credit-note-pdf";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import { getInvoiceDetail } from "./get-invoice-detail";
import { invoiceTotalRows } from "./invoice-total-rows";
import { invoiceFacts } from "./invoice-facts";
import { invoicePdf } from "./render-invoice-pdf";
import { exportInvoicesCsv } from "./export-invoices-csv";

let world: SyncWorld;
let stripe: Stripe;
let customerId: string;
let invoiceId: string;
let creditedInvoiceId: string;
let duplicatedInvoiceId: string;
let duplicateCharge: string;
const MARCH = Date.UTC(2026, 2, 1) / 1000;
const APRIL = Date.UTC(2026, 3, 1) / 1000;
const squash = (s: string) => s.replace(/\s+/g, " ");

// The portal reads take the database first, as the pages pass it.
let db: Db;
beforeAll(async () => {
  db = await getDb();
});

beforeAll(async () => {
  world = await startWorld({ seed: 14 });
  stripe = apiClient(world.emu.url);
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
  const customer = await stripe.customers.create({ email: `figures-${Date.now()}@example.test`, name: "Figures Customer" });
  const welcome = await stripe.coupons.create({ amount_off: 2000, currency: "usd", duration: "forever", name: "Welcome credit" });
  const loyalty = await stripe.coupons.create({ percent_off: 10, duration: "forever", name: "Loyalty discount" });
  // The same coupon on a line and on the invoice: two discounts, which the totals used to merge.
  const draft = await stripe.invoices.create({ customer: customer.id, currency: "usd", discounts: [{ coupon: welcome.id }] });
  const period = { start: MARCH, end: APRIL };
  await stripe.invoiceItems.create({
    customer: customer.id,
    invoice: draft.id,
    currency: "usd",
    unit_amount_decimal: "1500",
    quantity: 12,
    description: "Seats",
    period,
    discounts: [{ coupon: welcome.id }],
  } as unknown as Stripe.InvoiceItemCreateParams);
  await stripe.invoiceItems.create({
    customer: customer.id,
    invoice: draft.id,
    currency: "usd",
    amount: 5880,
    description: "Support",
    period,
    discounts: [{ coupon: loyalty.id }],
  });
  const inv = await stripe.invoices.finalizeInvoice(draft.id);
  // A declined attempt first: it must show its invoice on the payments page, not "—".
  await expect(stripe.invoices.pay(inv.id, { payment_method: "pm_card_chargeDeclinedInsufficientFunds" })).rejects.toThrow();
  const paid = await stripe.invoices.pay(inv.id, { payment_method: "pm_card_visa" });
  const payments = await stripe.invoicePayments.list({ invoice: paid.id, status: "paid" });
  await stripe.refunds.create({ payment_intent: payments.data.find((p) => p.status === "paid")!.payment!.payment_intent as string });
  // A second invoice, paid, then credited to the customer's balance.
  const d2 = await stripe.invoices.create({ customer: customer.id, currency: "usd" });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: d2.id, currency: "usd", amount: 10000, description: "Platform", period });
  const inv2 = await stripe.invoices.pay((await stripe.invoices.finalizeInvoice(d2.id)).id, { payment_method: "pm_card_visa" });
  // A third invoice paid by card, then the same amount charged again with no link to it (before
  // the credit note, whose balance credit would otherwise pay part of it).
  const d3 = await stripe.invoices.create({ customer: customer.id, currency: "usd" });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: d3.id, currency: "usd", amount: 7000, description: "Storage", period });
  const inv3 = await stripe.invoices.pay((await stripe.invoices.finalizeInvoice(d3.id)).id, { payment_method: "pm_card_visa" });
  duplicateCharge = (
    await stripe.paymentIntents.create({ amount: 7000, currency: "usd", customer: customer.id, payment_method: "pm_card_visa", confirm: true })
  ).latest_charge as string;
  await stripe.creditNotes.create({ invoice: inv2.id, amount: 2500, credit_amount: 2500, reason: "order_change" });
  await world.emu.emulator.webhooks.flush();
  await drainEvents(await getDb(), { backoffMs: 10 });
  const db = await getDb();
  const c = await db.customer.findUniqueOrThrow({ where: { stripeId: customer.id }, select: { id: true } });
  customerId = c.id;
  invoiceId = (await db.invoice.findUniqueOrThrow({ where: { stripeId: inv.id }, select: { id: true } })).id;
  creditedInvoiceId = (await db.invoice.findUniqueOrThrow({ where: { stripeId: inv2.id }, select: { id: true } })).id;
  duplicatedInvoiceId = (await db.invoice.findUniqueOrThrow({ where: { stripeId: inv3.id }, select: { id: true } })).id;
  await auditInvoices(db, [duplicatedInvoiceId]);
});
afterAll(async () => {
  await world.close();
  await closeDb();
});

async function pdfText(locale: Locale) {
  const d = await getInvoiceDetail(db, { customerIds: [customerId], invoiceId });
  return squash((await new PDFParse({ data: new Uint8Array(await invoicePdf(d, locale)) }).getText()).text);
}

describe("invoice figures agree on screen, in the PDF and in the CSV", () => {
  it("shows each discount on its own row with the coupon's name and terms, line and invoice apart", async () => {
    const d = await getInvoiceDetail(db, { customerIds: [customerId], invoiceId });
    const en = createT("en");
    const rows = invoiceTotalRows(d, en, "en").filter((r) => r.key.startsWith("discount:"));
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ["Line discount: Welcome credit (US$20.00 off)", "−US$20.00"],
      ["Line discount: Loyalty discount (10% off)", "−US$5.88"],
      ["Invoice discount: Welcome credit (US$20.00 off)", "−US$20.00"],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(3);
    // The seats line carries its own coupon and its share of the invoice's: two entries, not one run-together string.
    const seats = d.lines.find((l) => l.description === "Seats")!;
    const entries = lineDiscountEntries(en, "en", d.currency, seats.discounts);
    expect(entries.map((e) => e.label)).toEqual([
      "Welcome credit (US$20.00 off), on this line",
      "Welcome credit (US$20.00 off), share of the invoice discount",
    ]);
    for (const locale of ["en", "ru"] as const) {
      const t = createT(locale);
      const text = await pdfText(locale);
      for (const r of invoiceTotalRows(d, t, locale)) {
        expect(text).toContain(squash(r.label));
        expect(text).toContain(squash(r.value));
      }
      for (const l of d.lines)
        for (const e of lineDiscountEntries(t, locale, d.currency, l.discounts)) expect(text).toContain(squash(`${e.label}: ${e.amount}`));
    }
  });

  it("the totals block adds up from top to bottom: line discounts before Stripe's subtotal (it already has them off)", async () => {
    const d = await getInvoiceDetail(db, { customerIds: [customerId], invoiceId });
    const rows = invoiceTotalRows(d, createT("en"), "en");
    const keys = rows.map((r) => r.key);
    const lineDiscounts = d.totals.discounts.filter((x) => x.scope === "line");
    const invoiceDiscounts = d.totals.discounts.filter((x) => x.scope !== "line");
    expect(keys.slice(0, lineDiscounts.length + 2)).toEqual(["linesBeforeDiscounts", ...lineDiscounts.map((x) => `discount:${x.discountId}`), "subtotal"]);
    // "Lines before discounts" is the sum of the amounts in the lines table
    const gross = d.lines.reduce((sum, l) => sum + l.amount, 0n);
    expect(rows[0]!.value).toBe(formatAmount(gross, d.currency, "en"));
    expect(gross - lineDiscounts.reduce((sum, x) => sum + x.amount, 0n)).toBe(d.totals.subtotal);
    const exclusiveTax = d.totals.taxes.filter((x) => !x.inclusive).reduce((sum, x) => sum + x.amount, 0n);
    expect(d.totals.subtotal - invoiceDiscounts.reduce((sum, x) => sum + x.amount, 0n) + exclusiveTax).toBe(d.totals.total);
  });

  it("gives the header the period its lines cover, in web, PDF and CSV", async () => {
    const d = await getInvoiceDetail(db, { customerIds: [customerId], invoiceId });
    expect(d.periodStart?.toISOString()).toBe(new Date(MARCH * 1000).toISOString());
    expect(d.periodEnd?.toISOString()).toBe(new Date(APRIL * 1000).toISOString());
    for (const locale of ["en", "ru"] as const) {
      const period = invoiceFacts(d, createT(locale), locale).find((f) => f.key === "period")!.value;
      expect(period).toBe(formatPeriod(new Date(MARCH * 1000), new Date(APRIL * 1000), locale));
      expect(await pdfText(locale)).toContain(squash(period));
    }
    const csv = await exportInvoicesCsv(db, { customerIds: [customerId], filters: {} });
    const line = csv.split("\n").find((l) => l.startsWith(d.number!))!;
    expect(line).toContain(",2026-03-01,2026-04-01,");
  });

  it("says Refunded for a fully refunded payment, on the invoice, in its PDF and in the payments CSV", async () => {
    const d = await getInvoiceDetail(db, { customerIds: [customerId], invoiceId });
    const refunded = d.payments.filter((p) => p.status === "succeeded");
    expect(refunded).toHaveLength(1);
    expect(chargeState(refunded[0]!)).toBe("refunded");
    expect(chargeStateLabel(createT("en"), refunded[0]!)).toBe("Refunded");
    expect(await pdfText("ru")).toContain(chargeStateLabel(createT("ru"), refunded[0]!));
    const csv = await exportPaymentsCsv(db, { customerIds: [customerId], locale: "en" });
    expect(csv.split("\n").filter((l) => /,refunded,/.test(l))).toHaveLength(1);
  });

  it("links a declined attempt to its invoice, beside the payment that succeeded", async () => {
    const { items } = await listPayments(db, { customerIds: [customerId] });
    const mine = items.filter((p) => p.invoice?.id === invoiceId);
    expect(mine.map((p) => chargeState(p)).sort()).toEqual(["failed", "refunded"]);
    expect(items.filter((p) => p.invoice === null)).toEqual([]);
    // the duplicate charge (found by the billing audit) is shown against the invoice it repeats
    const dup = await db.charge.findUniqueOrThrow({ where: { stripeId: duplicateCharge }, select: { id: true } });
    const shown = items.find((p) => p.id === dup.id)!;
    expect([shown.invoice?.id, shown.duplicate]).toEqual([duplicatedInvoiceId, true]);
    expect(items.filter((p) => p.duplicate)).toHaveLength(1);
    // the invoice page lists paid charges only; the declined attempt is on the payments page
    const d = await getInvoiceDetail(db, { customerIds: [customerId], invoiceId });
    expect(d.payments.map((p) => p.status)).toContain("succeeded");
  });

  it("shows the customer's credit balance and the credit note that made it", async () => {
    const o = await getPortalOverview(db, { customerIds: [customerId] });
    expect(o.accountCredit).toEqual([{ customerId, currency: "usd", credit: 2500n }]);
    expect(o.balanceHistory.map((h) => [h.kind, h.amount, h.invoice.id])).toEqual([["credit", 2500n, creditedInvoiceId]]);
    // every card agrees: nothing open, so no balance due and no next payment
    expect(o.balanceDue).toEqual([]);
    expect(o.nextDue).toBeNull();
    expect(formatDay(o.balanceHistory[0]!.at, "en")).not.toBe("—");
  });

  it('names a credit note for over-billed seats by its cause, not Stripe\'s "Order changed"', async () => {
    const db = await getDb();
    const cn = await db.creditNote.findFirstOrThrow({
      where: { customerId },
      select: { id: true, stripeId: true, invoiceId: true, currency: true, total: true },
    });
    const user = await db.user.upsert({
      where: { email: "figures-agent@settle.test" },
      update: {},
      create: { email: "figures-agent@settle.test", role: "AGENT" },
    });
    // Until Settle knows why (a note issued outside Settle), Stripe's reason is all there is.
    expect(creditNoteReasonText(createT("en"), await getCreditNoteDetail(db, { customerIds: [customerId], creditNoteId: cn.id }))).toBe("Order changed");
    const dispute = await db.dispute.create({
      data: {
        customerId,
        invoiceId: cn.invoiceId,
        reason: "WRONG_QUANTITY",
        description: "12 seats billed, 10 contracted",
        currency: cn.currency,
        status: "RESOLVED",
        rootCause: "WRONG_DATA",
      },
    });
    await db.correction.create({
      data: {
        invoiceId: cn.invoiceId,
        disputeId: dispute.id,
        kind: "credit_note",
        status: "ISSUED",
        currency: cn.currency,
        amountMinor: cn.total,
        lines: [],
        stripeReason: "order_change",
        rootCause: "WRONG_DATA",
        idempotencyKey: `figures-${cn.id}`,
        requestedById: user.id,
        stripeCreditNoteId: cn.stripeId,
      },
    });
    for (const [locale, words] of [
      ["en", "Quantity billed in error"],
      ["ru", "Ошибка в количестве"],
    ] as const) {
      const t = createT(locale);
      const detail = await getCreditNoteDetail(db, { customerIds: [customerId], creditNoteId: cn.id });
      expect(creditNoteReasonText(t, detail)).toBe(words);
      const listed = (await listCreditNotes(db, { customerIds: [customerId] })).items.find((x) => x.id === cn.id)!;
      expect(creditNoteReasonText(t, listed)).toBe(words);
      const onInvoice = (await getInvoiceDetail(db, { customerIds: [customerId], invoiceId: cn.invoiceId })).creditNotes.find((x) => x.id === cn.id)!;
      expect(creditNoteReasonText(t, onInvoice)).toBe(words);
      expect(squash((await new PDFParse({ data: new Uint8Array(await creditNotePdf(detail, locale)) }).getText()).text)).toContain(words);
    }
  });

  it('an open invoice without a due date is the next payment, not "no upcoming due dates"', async () => {
    const customer = (await getDb()).customer;
    const { stripeId } = await customer.findUniqueOrThrow({ where: { id: customerId }, select: { stripeId: true } });
    const draft = await stripe.invoices.create({ customer: stripeId, currency: "usd", collection_method: "charge_automatically" });
    await stripe.invoiceItems.create({ customer: stripeId, invoice: draft.id, currency: "usd", amount: 52080, description: "Renewal" });
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb(), { backoffMs: 10 });
    const o = await getPortalOverview(db, { customerIds: [customerId] });
    // the customer's 25.00 credit pays part of it first (Stripe's starting_balance)
    expect(o.balanceDue).toEqual([{ currency: "usd", amount: BigInt(open.amount_remaining) }]);
    expect(o.openInvoiceCount).toBe(1);
    expect(o.nextDue?.dueDate ?? null).toBeNull();
    expect(o.nextDue?.amountRemaining).toBe(BigInt(open.amount_remaining));
    expect(o.overdue).toEqual([]);
    expect(o.balanceHistory.map((h) => h.kind)).toEqual(expect.arrayContaining(["credit", "applied"]));
  });
});
