import "server-only";
import { createT, type Locale } from "@/lib/i18n";
import { formatAmount, formatDay, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { creditNoteReasonLabel, creditNoteStatusLabel } from "@/features/billing-display/labels";
import { PdfLayout } from "@/features/billing-display/pdf-layout";
import { getCreditNoteDetail, type CreditNoteDetail } from "./get-credit-note-detail";
import { creditNoteTotalRows } from "./credit-note-total-rows";

/** The credit note as a PDF, same numbers and formatters as its page (ownership-checked). */
export async function renderCreditNotePdf(o: { customerIds: string[]; creditNoteId: string; locale: Locale }) {
  const detail = await getCreditNoteDetail({ customerIds: o.customerIds, creditNoteId: o.creditNoteId });
  return { fileName: `credit-note-${(detail.number ?? detail.id).replace(/[^\w.-]/g, "_")}.pdf`, pdf: await creditNotePdf(detail, o.locale) };
}

export async function creditNotePdf(d: CreditNoteDetail, locale: Locale): Promise<Buffer> {
  const t = createT(locale);
  const money = (a: bigint) => formatAmount(a, d.currency, locale);
  const number = d.number ?? d.id;
  const pdf = new PdfLayout({ title: t("portal.creditNote.title", { number }) });
  pdf.header({
    brand: t("app.name"),
    title: t("portal.pdf.creditNote"),
    number,
    status: creditNoteStatusLabel(t, d.status),
    facts: [
      [t("portal.creditNote.issued"), formatDay(d.effectiveAt ?? d.created, locale)],
      [t("portal.creditNote.forInvoice"), d.invoice.number ?? d.invoice.id],
      [t("portal.creditNote.reason"), creditNoteReasonLabel(t, d.reason)],
    ],
  });
  pdf.block(t("portal.invoice.billedTo"), [d.customer.name, d.customer.email].filter((x): x is string => !!x));
  if (d.memo) pdf.block(t("portal.creditNote.memo"), [d.memo]);
  pdf.table(
    [
      { header: t("portal.invoice.col.description"), width: 170 },
      { header: t("portal.invoice.col.quantity"), width: 45, align: "right" },
      { header: t("portal.invoice.col.unitPrice"), width: 75, align: "right" },
      { header: t("portal.invoice.col.discounts"), width: 70, align: "right" },
      { header: t("portal.invoice.col.tax"), width: 70, align: "right" },
      { header: t("portal.invoice.col.amount"), width: pdf.width - 430, align: "right" },
    ],
    d.lines.map((l) => [
      l.description ?? "—",
      l.quantity ? formatQuantity(l.quantity, locale) : "—",
      l.unitAmountDecimal ? formatUnitAmount(l.unitAmountDecimal, d.currency, locale) : "—",
      l.discountAmount ? `−${money(l.discountAmount)}` : "—",
      money(l.taxAmount),
      money(l.amount),
    ]),
  );
  pdf.totals(creditNoteTotalRows(d, t, locale));
  return pdf.finish((page, pages) => t("portal.pdf.page", { page, pages }));
}
