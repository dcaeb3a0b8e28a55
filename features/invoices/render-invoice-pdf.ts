import "server-only";
import { createT, type Locale } from "@/lib/i18n";
import { formatAmount, formatDay, formatPercent, formatPeriod, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { invoiceStatusLabel, paymentMethodLabel, paymentStatusLabel, creditNoteReasonLabel } from "@/features/billing-display/labels";
import { PdfLayout } from "@/features/billing-display/pdf-layout";
import { getInvoiceDetail, type InvoiceDetail } from "./get-invoice-detail";
import { invoiceTotalRows } from "./invoice-total-rows";

/** The invoice as a PDF, with the same numbers and formatters as the detail page (ownership-checked). */
export async function renderInvoicePdf(o: { customerIds: string[]; invoiceId: string; locale: Locale }) {
  const detail = await getInvoiceDetail({ customerIds: o.customerIds, invoiceId: o.invoiceId });
  return { fileName: `invoice-${(detail.number ?? detail.id).replace(/[^\w.-]/g, "_")}.pdf`, pdf: await invoicePdf(detail, o.locale) };
}

export async function invoicePdf(d: InvoiceDetail, locale: Locale): Promise<Buffer> {
  const t = createT(locale);
  const money = (a: bigint) => formatAmount(a, d.currency, locale);
  const number = d.number ?? t("portal.invoices.noNumber");
  const pdf = new PdfLayout({ title: t("portal.invoice.title", { number }) });
  pdf.header({
    brand: t("app.name"),
    title: t("portal.pdf.invoice"),
    number,
    status: d.overdue ? `${invoiceStatusLabel(t, d.status)} · ${t("portal.status.overdue")}` : invoiceStatusLabel(t, d.status),
    facts: [
      [t("portal.invoice.issued"), formatDay(d.finalizedAt ?? d.created, locale)],
      [t("portal.invoice.due"), formatDay(d.dueDate, locale)],
      [t("portal.invoice.period"), formatPeriod(d.periodStart, d.periodEnd, locale)],
      ...(d.paidAt ? ([[t("portal.invoice.paidAt"), formatDay(d.paidAt, locale)]] as [string, string][]) : []),
    ],
  });
  pdf.block(t("portal.invoice.billedTo"), [d.customer.name, d.customer.email].filter((x): x is string => !!x));
  pdf.table(
    [
      { header: t("portal.invoice.col.description"), width: 170 },
      { header: t("portal.invoice.col.quantity"), width: 45, align: "right" },
      { header: t("portal.invoice.col.unitPrice"), width: 70, align: "right" },
      { header: t("portal.invoice.col.discounts"), width: 70, align: "right" },
      { header: t("portal.invoice.col.tax"), width: 75, align: "right" },
      { header: t("portal.invoice.col.amount"), width: pdf.width - 430, align: "right" },
    ],
    d.lines.map((l) => [
      { text: l.description ?? "—", sub: formatPeriod(l.periodStart, l.periodEnd, locale) },
      formatQuantity(l.quantity, locale),
      l.unitAmountDecimal ? formatUnitAmount(l.unitAmountDecimal, d.currency, locale) : "—",
      l.discounts.length ? l.discounts.map((x) => `−${money(x.amount)}`).join("\n") : "—",
      l.taxes.length ? l.taxes.map((x) => `${money(x.amount)} (${formatPercent(x.percentage, locale)})`).join("\n") : "—",
      money(l.amount),
    ]),
  );
  pdf.totals(invoiceTotalRows(d, t, locale));
  if (d.payments.length) {
    pdf.heading(t("portal.invoice.payments"));
    for (const p of d.payments) {
      pdf.paragraph(`${formatDay(p.created, locale)} · ${paymentMethodLabel(t, p)} · ${money(p.amount)} · ${paymentStatusLabel(t, p.status)}`);
      for (const r of p.refunds) pdf.paragraph(t("portal.invoice.refund", { amount: money(r.amount), date: formatDay(r.created, locale), status: paymentStatusLabel(t, r.status) }));
    }
  }
  if (d.creditNotes.length) {
    pdf.heading(t("portal.invoice.creditNotes"));
    for (const cn of d.creditNotes) {
      pdf.paragraph(`${cn.number ?? cn.id} · ${formatDay(cn.created, locale)} · ${creditNoteReasonLabel(t, cn.reason)} · ${money(cn.total)}`);
    }
  }
  return pdf.finish((page, pages) => t("portal.pdf.page", { page, pages }));
}
