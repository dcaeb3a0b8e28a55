import { Table } from "@/components/ui";
import type { Locale, Translate } from "@/lib/i18n";
import { lineDiscountEntries } from "@/features/billing-display/discount-label";
import { formatPercent, formatPeriod, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { notCollectedNote } from "@/features/billing-display/taxability-label";
import type { NextBillLine } from "@/features/next-bill/get-next-bill";
import { AmountColumnHeads } from "./AmountColumnHeads";
import { lineUsageView } from "@/features/billing-display/metered-usage";
import { LineUsage } from "./LineUsage";
import s from "./portal.module.css";

/**
 * The items of a bill that is not issued yet (the next bill), read-only, in the columns and with the
 * formatting of an invoice's items (app/(portal)/invoices/[id]): description, service period,
 * quantity, unit price, discounts, tax, amount.
 */
export function UpcomingLinesTable({
  t,
  locale,
  currency,
  caption,
  lines,
  money,
}: {
  t: Translate;
  locale: Locale;
  currency: string;
  caption: string;
  lines: readonly NextBillLine[];
  money: (amount: bigint) => string;
}) {
  return (
    <Table
      caption={caption}
      stackLabels={[
        t("portal.invoice.col.description"),
        t("portal.invoice.col.period"),
        t("portal.invoice.col.quantity"),
        t("portal.invoice.col.unitPrice"),
        t("portal.invoice.col.discounts"),
        t("portal.invoice.col.tax"),
        t("portal.invoice.col.amount"),
      ]}
    >
      <thead>
        <tr>
          <th scope="col">{t("portal.invoice.col.description")}</th>
          <th scope="col">{t("portal.invoice.col.period")}</th>
          <AmountColumnHeads t={t} />
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.id} data-line={l.proration ? "proration" : "line"}>
            <th scope="row">
              {l.description ?? "—"}
              {l.proration && <span className={s.sub}>{t("portal.invoice.proration")}</span>}
              <LineUsage view={lineUsageView(t, locale, l, l.price ?? null, currency, { soFar: true })} />
            </th>
            <td className={s.nowrap}>{formatPeriod(l.periodStart, l.periodEnd, locale)}</td>
            <td className={s.num}>{formatQuantity(l.quantity, locale)}</td>
            <td className={s.num}>{l.unitAmountDecimal ? formatUnitAmount(l.unitAmountDecimal, currency, locale) : "—"}</td>
            <td className={s.num}>
              {l.discounts.length
                ? lineDiscountEntries(t, locale, currency, l.discounts).map((x) => (
                    <span key={x.key} className={s.discount} data-discount>
                      <span className={s.nowrap}>{x.amount}</span>
                      <span className={s.muted}>{x.label}</span>
                    </span>
                  ))
                : "—"}
            </td>
            <td className={s.num}>
              {l.taxes.length
                ? l.taxes.map((x) => (
                    <span key={`${x.name}${x.percentage}`} className={s.entry}>
                      {money(x.amount)} <span className={s.muted}>({formatPercent(x.percentage, locale)})</span>
                      {notCollectedNote(t, x.taxabilityReason) && <span className={s.muted}> {notCollectedNote(t, x.taxabilityReason)}</span>}
                    </span>
                  ))
                : "—"}
            </td>
            <td className={s.num}>{money(l.amount)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
