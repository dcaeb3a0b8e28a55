// The facts under an invoice's title (issued, due, service period, paid), one list for the
// page and the PDF so both say the same thing in the same order.
import type { Locale, Translate } from "@/lib/i18n";
import { formatDay, formatPeriod } from "@/features/billing-display/format";

type FactsInput = {
  created: Date;
  finalizedAt: Date | null;
  dueDate: Date | null;
  paidAt: Date | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  lines: unknown[];
};

export function invoiceFacts(d: FactsInput, t: Translate, locale: Locale): { key: string; label: string; value: string }[] {
  // No common period means the lines differ: each line shows its own, the header says so.
  const period = d.periodStart && d.periodEnd ? formatPeriod(d.periodStart, d.periodEnd, locale) : d.lines.length > 1 ? t("portal.invoice.periodPerLine") : "—";
  return [
    { key: "issued", label: t("portal.invoice.issued"), value: formatDay(d.finalizedAt ?? d.created, locale) },
    { key: "due", label: t("portal.invoice.due"), value: formatDay(d.dueDate, locale) },
    { key: "period", label: t("portal.invoice.period"), value: period },
    ...(d.paidAt ? [{ key: "paid", label: t("portal.invoice.paidAt"), value: formatDay(d.paidAt, locale) }] : []),
  ];
}
