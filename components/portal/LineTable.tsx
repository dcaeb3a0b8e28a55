import type { ReactNode } from "react";
import { Table } from "@/components/ui";
import type { Locale, Translate } from "@/lib/i18n";
import { lineDiscountEntries, type DisplayDiscount } from "@/features/billing-display/discount-label";
import { formatPercent, formatPeriod, formatQuantity, unitPriceDisplay } from "@/features/billing-display/format";
import { notCollectedNote } from "@/features/billing-display/taxability-label";
import { AmountColumnHeads } from "./AmountColumnHeads";
import s from "./portal.module.css";

/** What the cells after a line's description read: an invoice line's and a next-bill line's common fields. */
export type LineTableLine = {
  periodStart: Date | null;
  periodEnd: Date | null;
  quantity: string;
  unitAmountDecimal: string | null;
  discounts: DisplayDiscount[];
  taxes: { name: string | null; percentage: string; amount: bigint; taxabilityReason: string | null }[];
  amount: bigint;
};

/**
 * The shell of an invoice-like line table (an invoice's items, the next bill's items): caption, phone-width
 * stacked labels and the column heads description, service period, quantity, unit price, discounts, tax,
 * amount; `select` adds a leading selection column. The rows are the children (each ends in LineCells).
 */
export function LineTable({ t, caption, select = false, children }: { t: Translate; caption: string; select?: boolean; children: ReactNode }) {
  return (
    <Table
      caption={caption}
      stackLabels={[
        ...(select ? [t("portal.invoice.col.select")] : []),
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
          {select && <th scope="col">{t("portal.invoice.col.select")}</th>}
          <th scope="col">{t("portal.invoice.col.description")}</th>
          <th scope="col">{t("portal.invoice.col.period")}</th>
          <AmountColumnHeads t={t} />
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </Table>
  );
}

/** A line's cells after its description: service period, quantity, unit price, discounts, taxes, amount. */
export function LineCells({
  t,
  locale,
  currency,
  money,
  line: l,
}: {
  t: Translate;
  locale: Locale;
  currency: string;
  money: (amount: bigint) => string;
  line: LineTableLine;
}) {
  return (
    <>
      <td className={s.nowrap}>{formatPeriod(l.periodStart, l.periodEnd, locale)}</td>
      <td className={s.num}>{formatQuantity(l.quantity, locale)}</td>
      <td className={s.num}>{l.unitAmountDecimal ? <UnitPrice t={t} display={unitPriceDisplay(l.unitAmountDecimal, currency, locale)} /> : "—"}</td>
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
    </>
  );
}

/**
 * A unit price cell's text: Stripe's 12-decimal proration unit prices are shown rounded ("≈ US$12.58",
 * so the amount columns keep their width at 1280 px in Russian too), the exact value in the tooltip and
 * read out to screen readers; the line's amount beside it is always exact.
 */
function UnitPrice({ t, display }: { t: Translate; display: { text: string; exact: string | null } }) {
  if (!display.exact) return display.text;
  const exact = t("portal.invoice.unitPriceExact", { amount: display.exact });
  return (
    <span title={exact} data-unit-exact={display.exact}>
      <span aria-hidden="true">{display.text}</span>
      <span className="visually-hidden">{exact}</span>
    </span>
  );
}
