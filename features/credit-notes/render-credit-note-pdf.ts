import "server-only";
import type { Db } from "@/lib/db";
import { createT, type Locale } from "@/lib/i18n";
import { formatAmount, formatDay, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { creditNoteStatusLabel } from "@/features/billing-display/labels";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import { finishDocumentPdf, lineColumns, startDocumentPdf } from "@/features/billing-display/document-pdf";
import { getCreditNoteDetail, type CreditNoteDetail } from "./get-credit-note-detail";
import { creditNoteTotalRows } from "./credit-note-total-rows";

/** The credit note as a PDF, same numbers and formatters as its page (ownership-checked). */
export type RenderCreditNotePdfOptions = { customerIds: string[]; creditNoteId: string; locale: Locale };

export async function renderCreditNotePdf(db: Db, o: RenderCreditNotePdfOptions) {
  const detail = await getCreditNoteDetail(db, { customerIds: o.customerIds, creditNoteId: o.creditNoteId });
  return { fileName: `credit-note-${(detail.number ?? detail.id).replace(/[^\w.-]/g, "_")}.pdf`, pdf: await creditNotePdf(detail, o.locale) };
}

export async function creditNotePdf(d: CreditNoteDetail, locale: Locale): Promise<Buffer> {
  const t = createT(locale);
  const money = (a: bigint) => formatAmount(a, d.currency, locale);
  const number = d.number ?? d.id;
  const pdf = startDocumentPdf(t, {
    pdfTitle: t("portal.creditNote.title", { number }),
    title: t("portal.pdf.creditNote"),
    number,
    status: creditNoteStatusLabel(t, d.status),
    facts: [
      [t("portal.creditNote.issued"), formatDay(d.effectiveAt ?? d.created, locale)],
      [t("portal.creditNote.forInvoice"), d.invoice.number ?? d.invoice.id],
      [t("portal.creditNote.reason"), creditNoteReasonText(t, d)],
    ],
    customer: d.customer,
  });
  if (d.memo) pdf.block(t("portal.creditNote.memo"), [d.memo]);
  pdf.table(
    lineColumns(t, pdf, { unitPrice: 75, discounts: 70, tax: 70 }),
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
  return finishDocumentPdf(pdf, t);
}
