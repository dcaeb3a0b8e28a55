// The totals block of an invoice, in the order Stripe's hosted invoice shows it. Every value is
// a projection field; the page and the PDF both render these rows, so they cannot disagree.
import type { Locale, Translate } from "@/lib/i18n";
import { formatAmount, formatPercent } from "@/features/billing-display/format";
import { discountName, type DisplayDiscount } from "@/features/billing-display/discount-label";
import { notCollectedNote } from "@/features/billing-display/taxability-label";
import type { TotalRow } from "@/features/billing-display/total-row";

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
  const discountRow = (disc: Totals["totals"]["discounts"][number]): TotalRow => {
    const name = discountName(t, locale, d.currency, disc);
    const label = t(disc.scope === "line" ? "portal.invoice.discountLine" : "portal.invoice.discountInvoice", { name });
    return { key: `discount:${disc.discountId}`, label, value: `−${money(disc.amount)}` };
  };
  // One row per discount (Stripe's total_discount_amounts): the same coupon can be on a line and
  // on the invoice, and those are two discounts. Stripe's subtotal already has the line (item)
  // discounts taken off ("item discounts are already incorporated"), so they come before it,
  // from the lines' own amounts, and the block adds up from top to bottom.
  const lineDiscounts = x.discounts.filter((disc) => disc.scope === "line");
  const rows: TotalRow[] = [];
  if (lineDiscounts.length) {
    const gross = lineDiscounts.reduce((sum, disc) => sum + disc.amount, x.subtotal);
    rows.push({ key: "linesBeforeDiscounts", label: t("portal.invoice.linesBeforeDiscounts"), value: money(gross) });
    rows.push(...lineDiscounts.map(discountRow));
  }
  rows.push({ key: "subtotal", label: t("portal.invoice.subtotal"), value: money(x.subtotal) });
  rows.push(...x.discounts.filter((disc) => disc.scope !== "line").map(discountRow));
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
