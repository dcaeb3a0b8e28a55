// The invoice and credit-note PDFs with long values in both languages: nothing prints over
// anything else or off the page (text runs and their boxes, read back with pdfjs), and a
// 7-digit quantity or an 8-digit amount stays on one line instead of wrapping in its column.
import { describe, expect, it } from "vitest";
import { createT, type Locale } from "@/lib/i18n";
import { invoicePdf } from "@/features/invoices/render-invoice-pdf";
import type { InvoiceDetail } from "@/features/invoices/get-invoice-detail";
import { creditNotePdf } from "@/features/credit-notes/render-credit-note-pdf";
import type { CreditNoteDetail } from "@/features/credit-notes/get-credit-note-detail";
import { layoutProblems, pdfTextBoxes } from "@/lib/testing/pdf-text-boxes";
import { formatAmount, formatQuantity } from "./format";
import { sellerLines } from "./document-pdf";

const BIG = 9_223_372_036_854_775_807n; // the largest BigInt column value
// pdfjs reads no-break and narrow no-break spaces (Russian digit groups) back as plain spaces
const norm = (v: string) => v.replace(/[\s\u00a0\u202f]+/g, " ");
const day = (d: string) => new Date(`${d}T00:00:00Z`);

function invoice(o: { quantity: string; amount: bigint; unit: string }): InvoiceDetail {
  const disc = (scope: "line" | "invoice", amount: bigint) => ({
    discountId: `di_${scope}`,
    couponId: "SCN-USD2000",
    couponName: "Приветственная скидка для новых клиентов",
    percentOff: null,
    amountOff: 2000n,
    scope,
    amount,
  });
  const line = (i: number) => ({
    id: `l${i}`,
    description: i === 0 ? "Рабочие места (годовая подписка, расширенная поддержка)" : `Line ${i}`,
    periodStart: day("2026-03-01"),
    periodEnd: day("2026-04-01"),
    quantity: o.quantity,
    unitAmountDecimal: o.unit,
    proration: false,
    amount: o.amount,
    discounts: [disc("line", o.amount), disc("invoice", o.amount)],
    // The longest tax cell: Stripe Tax's "not collected: <reason>" note.
    taxes: [{ name: "НДС", percentage: "20", inclusive: false, amount: o.amount, taxabilityReason: "reverse_charge" }],
    disputed: false,
    subscriptionItemId: null,
    price: null,
  });
  return {
    id: "inv1",
    number: "ABCD1234-0001",
    status: "PAID",
    currency: "usd",
    customer: { name: "Сергей Петрович Константинопольский", email: "sergey@example.com", stripeId: "cus_1" },
    created: day("2026-03-01"),
    finalizedAt: day("2026-03-01"),
    dueDate: day("2026-03-31"),
    paidAt: day("2026-03-02"),
    periodStart: day("2026-03-01"),
    periodEnd: day("2026-04-01"),
    description: null,
    overdue: false,
    payUrl: null,
    openDisputes: 0,
    lines: Array.from({ length: 14 }, (_, i) => line(i)),
    totals: {
      subtotal: o.amount,
      discounts: [disc("line", o.amount), disc("invoice", o.amount)],
      taxes: [{ name: "НДС", percentage: "20", inclusive: false, amount: o.amount, taxableAmount: o.amount, taxabilityReason: "reverse_charge" }],
      total: o.amount,
      prePaymentCreditNotes: o.amount,
      postPaymentCreditNotes: o.amount,
      startingBalance: -o.amount,
      amountDue: o.amount,
      amountPaid: o.amount,
      amountRemaining: 0n,
    },
    payments: [
      {
        id: "ch1",
        created: day("2026-03-02"),
        amount: o.amount,
        currency: "usd",
        status: "succeeded",
        method: "card",
        cardBrand: "visa",
        cardLast4: "4242",
        declineCode: null,
        amountRefunded: o.amount,
        refunds: [],
      },
    ],
    creditNotes: [],
  };
}

function creditNote(o: { quantity: string; amount: bigint }): CreditNoteDetail {
  return {
    cause: { disputeReason: "WRONG_QUANTITY", findingRule: null, rootCause: "WRONG_DATA" },
    id: "cn1",
    number: "ABCD1234-0001-CN-01",
    status: "ISSUED",
    type: "post_payment",
    reason: "order_change",
    memo: "Исправление количества рабочих мест по договору",
    currency: "usd",
    created: day("2026-12-04"),
    effectiveAt: day("2026-12-04"),
    voidedAt: null,
    invoice: { id: "inv1", number: "ABCD1234-0001" },
    customer: { name: "Сергей Петрович Константинопольский", email: "sergey@example.com" },
    lines: [
      {
        id: "cl1",
        description: "Рабочие места (годовая подписка)",
        quantity: o.quantity,
        unitAmountDecimal: "1500",
        amount: o.amount,
        discountAmount: o.amount,
        taxAmount: o.amount,
      },
    ],
    totals: {
      subtotal: o.amount,
      discountAmount: o.amount,
      total: o.amount,
      refundAmount: o.amount,
      creditAmount: o.amount,
      outOfBandAmount: 0n,
      prePaymentAmount: 0n,
      postPaymentAmount: o.amount,
    },
  } as CreditNoteDetail;
}

// Rendering and reading back two PDFs per test takes seconds on a busy machine.
describe("document PDFs with long values", { timeout: 60_000 }, () => {
  for (const locale of ["en", "ru"] as Locale[]) {
    it(`${locale}: a 7-digit quantity and 8-digit amounts stay on one line; nothing overlaps`, async () => {
      const inv = invoice({ quantity: "4027100", amount: 99_999_999n, unit: "2483.12" });
      const pdf = await invoicePdf(inv, locale);
      if (process.env.PDF_OUT) (await import("node:fs")).writeFileSync(`${process.env.PDF_OUT}/invoice-${locale}.pdf`, pdf);
      const r = await pdfTextBoxes(pdf);
      expect(layoutProblems(r)).toEqual([]);
      const strs = r.boxes.map((b) => norm(b.str));
      // whole values in single text runs: a wrapped value would be split over two runs
      expect(strs).toContain(norm(formatQuantity("4027100", locale)));
      expect(strs).toContain(norm(formatAmount(99_999_999n, "usd", locale)));
      // the seller block is on the PDF
      for (const l of sellerLines(createT(locale))) expect(strs.join("\n")).toContain(norm(l));
      const cnPdf = await creditNotePdf(creditNote({ quantity: "4027100", amount: 99_999_999n }), locale);
      if (process.env.PDF_OUT) (await import("node:fs")).writeFileSync(`${process.env.PDF_OUT}/credit-note-${locale}.pdf`, cnPdf);
      const cn = await pdfTextBoxes(cnPdf);
      expect(layoutProblems(cn)).toEqual([]);
      expect(cn.boxes.map((b) => norm(b.str))).toContain(norm(formatQuantity("4027100", locale)));
    });

    it(`${locale}: a seat change's proration lines carry their explanation, and the change its sentence; nothing overlaps`, async () => {
      const team = {
        id: "price_team",
        productName: "Team",
        unitAmountDecimal: "1500",
        billingScheme: "per_unit",
        tiersMode: null,
        tiers: null,
        transformQuantity: null,
        recurringInterval: "month",
        recurringIntervalCount: 1,
      };
      const base = invoice({ quantity: "10", amount: 1838n, unit: "1500" });
      const pro = (id: string, quantity: string, amount: bigint) => ({
        ...base.lines[0],
        id,
        description: amount < 0n ? "Unused time on 10 × Team after 13 Mar 2026" : "Remaining time on 12 × Team after 13 Mar 2026",
        quantity,
        amount,
        discounts: [],
        taxes: [],
        proration: true,
        periodStart: day("2026-03-13"),
        periodEnd: day("2026-04-01"),
        subscriptionItemId: "si_1",
        price: team,
      });
      const inv = { ...base, lines: [pro("il_c", "10", -9194n), pro("il_d", "12", 11032n)] };
      const r = await pdfTextBoxes(await invoicePdf(inv, locale));
      expect(layoutProblems(r)).toEqual([]);
      const text = norm(r.boxes.map((b) => b.str).join(" "));
      expect(text).toContain(norm("19/31"));
      expect(text).toContain(norm(formatAmount(1838n, "usd", locale)));
      expect(text).toContain(norm(createT(locale)("explain.changesHeading")));
    });

    it(`${locale}: the largest values the schema allows never print over other text or off the page`, async () => {
      const q = "999999999999999999.999999999999";
      const r = await pdfTextBoxes(await invoicePdf(invoice({ quantity: q, amount: BIG, unit: q }), locale));
      expect(layoutProblems(r)).toEqual([]);
      const cn = await pdfTextBoxes(await creditNotePdf(creditNote({ quantity: q, amount: BIG }), locale));
      expect(layoutProblems(cn)).toEqual([]);
    });
  }
});
