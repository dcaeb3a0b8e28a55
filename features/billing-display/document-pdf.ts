import "server-only";
import type { Translate } from "@/lib/i18n";
import { env } from "@/lib/env";
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
  pdf.parties([
    { title: t("portal.pdf.seller"), lines: sellerLines(t) },
    { title: t("portal.invoice.billedTo"), lines: [o.customer.name, o.customer.email].filter((x): x is string => !!x) },
  ]);
  return pdf;
}

/** The seller block from SETTLE_SELLER_* (lib/env): name, address lines, tax id when set. */
export function sellerLines(t: Translate): string[] {
  const e = env();
  const address = (e.SETTLE_SELLER_ADDRESS ?? "")
    .split(/\r?\n|\|/)
    .map((l) => l.trim())
    .filter(Boolean);
  return [e.SETTLE_SELLER_NAME, ...address, ...(e.SETTLE_SELLER_TAX_ID ? [t("portal.pdf.taxId", { id: e.SETTLE_SELLER_TAX_ID })] : [])];
}

/** Description, quantity, unit price, discounts, tax, amount; numeric columns are as wide as their widest value, the description takes what is left. */
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
