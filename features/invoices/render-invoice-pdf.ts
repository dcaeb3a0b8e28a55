import "server-only";
import type { Db } from "@/lib/db";
import { createT, type Locale } from "@/lib/i18n";
import { formatAmount, formatDay, formatPercent, formatPeriod, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { chargeStateLabel, invoiceStatusLabel, paymentMethodLabel, paymentStatusLabel } from "@/features/billing-display/labels";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import { finishDocumentPdf, lineColumns, startDocumentPdf } from "@/features/billing-display/document-pdf";
import { getInvoiceDetail, type InvoiceDetail } from "./get-invoice-detail";
import { notCollectedNote } from "@/features/billing-display/taxability-label";
import { invoiceTotalRows } from "./invoice-total-rows";
import { invoiceFacts } from "./invoice-facts";
import { lineDiscountEntries } from "@/features/billing-display/discount-label";
import { lineUsageView, usageDetailRows } from "@/features/billing-display/metered-usage";
import { explainDisplayLines } from "@/features/billing-display/explain-text";

/** The invoice as a PDF, with the same numbers and formatters as the detail page (ownership-checked). */
export type RenderInvoicePdfOptions = { customerIds: string[]; invoiceId: string; locale: Locale };

export async function renderInvoicePdf(db: Db, o: RenderInvoicePdfOptions) {
  const detail = await getInvoiceDetail(db, { customerIds: o.customerIds, invoiceId: o.invoiceId });
  return { fileName: `invoice-${(detail.number ?? detail.id).replace(/[^\w.-]/g, "_")}.pdf`, pdf: await invoicePdf(detail, o.locale) };
}

export async function invoicePdf(d: InvoiceDetail, locale: Locale): Promise<Buffer> {
  const t = createT(locale);
  const money = (a: bigint) => formatAmount(a, d.currency, locale);
  const number = d.number ?? t("portal.invoices.noNumber");
  const pdf = startDocumentPdf(t, {
    pdfTitle: t("portal.invoice.title", { number }),
    title: t("portal.pdf.invoice"),
    number,
    status: d.overdue ? `${invoiceStatusLabel(t, d.status)} · ${t("portal.status.overdue")}` : invoiceStatusLabel(t, d.status),
    facts: invoiceFacts(d, t, locale).map((f) => [f.label, f.value] as [string, string]),
    customer: d.customer,
  });
  const explained = explainDisplayLines(d.lines, d.currency, locale);
  if (explained.changes.length) {
    pdf.heading(t("explain.changesHeading"));
    for (const c of explained.changes) pdf.paragraph(c.text);
  }
  pdf.table(
    lineColumns(t, pdf, { unitPrice: 70, discounts: 70, tax: 75 }),
    // Each discount of a line gets its own detail row under it (coupon name, terms, line or
    // invoice share), with the same words and amounts as the page's discount cell.
    d.lines.flatMap((l) => {
      const discounts = lineDiscountEntries(t, locale, d.currency, l.discounts);
      return [
        [
          { text: l.description ?? "—", sub: formatPeriod(l.periodStart, l.periodEnd, locale) },
          formatQuantity(l.quantity, locale),
          l.unitAmountDecimal ? formatUnitAmount(l.unitAmountDecimal, d.currency, locale) : "—",
          discounts.length ? discounts.map((x) => x.amount).join("\n") : "—",
          l.taxes.length
            ? l.taxes
                .map((x) => [`${money(x.amount)} (${formatPercent(x.percentage, locale)})`, notCollectedNote(t, x.taxabilityReason)].filter(Boolean).join(" "))
                .join("\n")
            : "—",
          money(l.amount),
        ],
        ...discounts.map((x) => [{ text: `${x.label}: ${x.amount}`, muted: true }, "", "", "", "", ""]),
        // how the amount was made (proration, tiers, packages), under the line, as on the page
        ...(explained.lines.has(l.id) ? [[{ text: explained.lines.get(l.id)!, muted: true }, "", "", "", "", ""]] : []),
        // a metered line's usage for its period, in the page's words (billing-display/metered-usage.ts)
        ...usageDetailRows(lineUsageView(t, locale, l, l.price, d.currency, { tiers: false })).map((text) => [{ text, muted: true }, "", "", "", "", ""]),
      ];
    }),
  );
  pdf.totals(invoiceTotalRows(d, t, locale));
  if (d.payments.length) {
    pdf.heading(t("portal.invoice.payments"));
    for (const p of d.payments) {
      pdf.paragraph(`${formatDay(p.created, locale)} · ${paymentMethodLabel(t, p)} · ${money(p.amount)} · ${chargeStateLabel(t, p)}`);
      for (const r of p.refunds)
        pdf.paragraph(t("portal.invoice.refund", { amount: money(r.amount), date: formatDay(r.created, locale), status: paymentStatusLabel(t, r.status) }));
    }
  }
  if (d.creditNotes.length) {
    pdf.heading(t("portal.invoice.creditNotes"));
    for (const cn of d.creditNotes) {
      pdf.paragraph(`${cn.number ?? cn.id} · ${formatDay(cn.created, locale)} · ${creditNoteReasonText(t, cn)} · ${money(cn.total)}`);
    }
  }
  return finishDocumentPdf(pdf, t);
}
