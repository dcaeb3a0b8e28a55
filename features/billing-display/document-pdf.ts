import "server-only";
import type { Translate } from "@/lib/i18n";
import { PdfLayout, type Column } from "./pdf-layout";

// What the invoice and credit-note PDFs share: the opening (brand header and the customer
// billed), the itemized table's columns, and the page numbers at the end.

/** A new document PDF with its header and the "billed to" block written. */
export function startDocumentPdf(
  t: Translate,
  o: { pdfTitle: string; title: string; number: string; status: string; facts: [string, string][]; customer: { name: string | null; email: string | null } },
): PdfLayout {
  const pdf = new PdfLayout({ title: o.pdfTitle });
  pdf.header({ brand: t("app.name"), title: o.title, number: o.number, status: o.status, facts: o.facts });
  pdf.block(t("portal.invoice.billedTo"), [o.customer.name, o.customer.email].filter((x): x is string => !!x));
  return pdf;
}

/** Description, quantity, unit price, discounts, tax, amount; the amount column takes what is left. */
export function lineColumns(t: Translate, pdf: PdfLayout, widths: { unitPrice: number; discounts: number; tax: number }): Column[] {
  return [
    { header: t("portal.invoice.col.description"), width: 170 },
    { header: t("portal.invoice.col.quantity"), width: 45, align: "right" },
    { header: t("portal.invoice.col.unitPrice"), width: widths.unitPrice, align: "right" },
    { header: t("portal.invoice.col.discounts"), width: widths.discounts, align: "right" },
    { header: t("portal.invoice.col.tax"), width: widths.tax, align: "right" },
    { header: t("portal.invoice.col.amount"), width: pdf.width - 430, align: "right" },
  ];
}

export const finishDocumentPdf = (pdf: PdfLayout, t: Translate): Promise<Buffer> => pdf.finish((page, pages) => t("portal.pdf.page", { page, pages }));
