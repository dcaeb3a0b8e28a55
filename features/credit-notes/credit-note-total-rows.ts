// A credit note's totals and where the money went (refund, balance, amount due), shared by
// the page and the PDF. Stripe's own fields only.
import type { Locale, Translate } from "@/lib/i18n";
import { formatAmount } from "@/features/billing-display/format";
import type { TotalRow } from "@/features/billing-display/total-row";

type Input = {
  currency: string;
  totals: {
    subtotal: bigint;
    discountAmount: bigint;
    total: bigint;
    refundAmount: bigint;
    creditAmount: bigint;
    outOfBandAmount: bigint;
    prePaymentAmount: bigint;
  };
};

export function creditNoteTotalRows(d: Input, t: Translate, locale: Locale): TotalRow[] {
  const money = (a: bigint) => formatAmount(a, d.currency, locale);
  const x = d.totals;
  const rows: TotalRow[] = [{ key: "subtotal", label: t("portal.creditNote.subtotal"), value: money(x.subtotal) }];
  if (x.discountAmount !== 0n) rows.push({ key: "discount", label: t("portal.creditNote.discount"), value: `−${money(x.discountAmount)}` });
  rows.push({ key: "total", label: t("portal.creditNote.total"), value: money(x.total), strong: true });
  if (x.prePaymentAmount !== 0n) rows.push({ key: "pre", label: t("portal.creditNote.reducedDue"), value: money(x.prePaymentAmount) });
  if (x.refundAmount !== 0n) rows.push({ key: "refund", label: t("portal.creditNote.refunded"), value: money(x.refundAmount) });
  if (x.creditAmount !== 0n) rows.push({ key: "credit", label: t("portal.creditNote.credited"), value: money(x.creditAmount) });
  if (x.outOfBandAmount !== 0n) rows.push({ key: "oob", label: t("portal.creditNote.outOfBand"), value: money(x.outOfBandAmount) });
  return rows;
}
