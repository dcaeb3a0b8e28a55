// The totals block of an invoice, in the order Stripe's hosted invoice shows it. Every value is
// a projection field; the page and the PDF both render these rows, so they cannot disagree.
import type { Locale, Translate } from "@/lib/i18n";
import { formatAmount, formatPercent } from "@/features/billing-display/format";
import { discountName, type DisplayDiscount } from "@/features/billing-display/discount-label";
import { notCollectedNote } from "@/features/billing-display/taxability-label";

export type TotalRow = { label: string; value: string; strong?: boolean; key: string };

type Totals = {
  currency: string;
  totals: {
    subtotal: bigint;
    discounts: (DisplayDiscount & { discountId: string })[];
    taxes: { name: string | null; percentage: string; inclusive: boolean; amount: bigint; taxabilityReason?: string | null }[];
    total: bigint;
    prePaymentCreditNotes: bigint;
    postPaymentCreditNotes: bigint;
    startingBalance: bigint;
    amountDue: bigint;
    amountPaid: bigint;
    amountRemaining: bigint;
  };
};

export function invoiceTotalRows(d: Totals, t: Translate, locale: Locale): TotalRow[] {
  const money = (a: bigint) => formatAmount(a, d.currency, locale);
  const x = d.totals;
  const rows: TotalRow[] = [{ key: "subtotal", label: t("portal.invoice.subtotal"), value: money(x.subtotal) }];
  // One row per discount (Stripe's total_discount_amounts), line coupons before the invoice's
  // own: the same coupon can be on a line and on the invoice, and those are two discounts.
  for (const disc of x.discounts) {
    const name = discountName(t, locale, d.currency, disc);
    const label = t(disc.scope === "line" ? "portal.invoice.discountLine" : "portal.invoice.discountInvoice", { name });
    rows.push({ key: `discount:${disc.discountId}`, label, value: `−${money(disc.amount)}` });
  }
  for (const tax of x.taxes) {
    const vars = { name: tax.name ?? t("portal.invoice.col.tax"), rate: formatPercent(tax.percentage, locale) };
    const label = t(tax.inclusive ? "portal.invoice.taxInclusive" : "portal.invoice.tax", vars);
    // Stripe Tax collected nothing here by its taxability reason: say why.
    const note = notCollectedNote(t, tax.taxabilityReason);
    rows.push({ key: `tax:${tax.name}:${tax.percentage}`, label: note ? `${label} — ${note}` : label, value: money(tax.amount) });
  }
  rows.push({ key: "total", label: t("portal.invoice.total"), value: money(x.total), strong: true });
  if (x.prePaymentCreditNotes !== 0n) rows.push({ key: "cnPre", label: t("portal.invoice.creditNotesPre"), value: `−${money(x.prePaymentCreditNotes)}` });
  if (x.startingBalance !== 0n) rows.push({ key: "balance", label: t("portal.invoice.startingBalance"), value: money(x.startingBalance) });
  rows.push({ key: "amountDue", label: t("portal.invoice.amountDue"), value: money(x.amountDue) });
  rows.push({ key: "amountPaid", label: t("portal.invoice.amountPaid"), value: money(x.amountPaid) });
  if (x.postPaymentCreditNotes !== 0n) rows.push({ key: "cnPost", label: t("portal.invoice.creditNotesPost"), value: `−${money(x.postPaymentCreditNotes)}` });
  rows.push({ key: "amountRemaining", label: t("portal.invoice.amountRemaining"), value: money(x.amountRemaining), strong: true });
  return rows;
}
