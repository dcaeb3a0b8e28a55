// The invoice page's line table, inside the form that picks lines to dispute; each proration,
// tiered or package line says how its amount was made (features/billing-display/explain-text.ts),
// and a plan or seat change billed as a credit + debit pair is told in one sentence above.
import { Table } from "@/components/ui";
import { AmountColumnHeads } from "@/components/portal/AmountColumnHeads";
import { formatPercent, formatPeriod, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { notCollectedNote } from "@/features/billing-display/taxability-label";
import { lineDiscountEntries } from "@/features/billing-display/discount-label";
import { lineUsageView } from "@/features/billing-display/metered-usage";
import { LineUsage } from "@/components/portal/LineUsage";
import type { invoiceExplanationTexts } from "@/features/billing-display/explain-text";
import type { Locale, Translate } from "@/lib/i18n";
import type { InvoiceDetail } from "@/features/invoices/get-invoice-detail";
import s from "@/components/portal/portal.module.css";

type Props = {
  d: InvoiceDetail;
  t: Translate;
  locale: Locale;
  money: (a: bigint) => string;
  number: string;
  disputable: boolean;
  explained: ReturnType<typeof invoiceExplanationTexts>;
};

export function InvoiceLines({ d, t, locale, money, number, disputable, explained }: Props) {
  return (
    <form method="get" action={`/invoices/${d.id}/dispute`}>
      <h2>{t("portal.invoice.lines")}</h2>
      {explained.changes.length > 0 && (
        <section aria-label={t("explain.changesHeading")} data-testid="subscription-changes" className={s.changes}>
          <h3 className={s.subhead}>{t("explain.changesHeading")}</h3>
          <ul className={s.list}>
            {explained.changes.map((c) => (
              <li key={`${c.creditLineId}:${c.debitLineId}`}>{c.text}</li>
            ))}
          </ul>
        </section>
      )}
      {disputable && <p className={s.muted}>{t("portal.invoice.disputeLinesHint")}</p>}
      <Table
        caption={t("portal.invoice.linesCaption", { number })}
        stackLabels={[
          ...(disputable ? [t("portal.invoice.col.select")] : []),
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
            {disputable && <th scope="col">{t("portal.invoice.col.select")}</th>}
            <th scope="col">{t("portal.invoice.col.description")}</th>
            <th scope="col">{t("portal.invoice.col.period")}</th>
            <AmountColumnHeads t={t} />
          </tr>
        </thead>
        <tbody>
          {d.lines.map((l, index) => (
            <tr key={l.id}>
              {disputable && (
                <td>
                  <input type="checkbox" name="lines" value={l.id} disabled={l.disputed} aria-label={t("portal.invoice.selectLine", { position: index + 1 })} />
                </td>
              )}
              <th scope="row">
                {l.description ?? "—"}
                {l.proration && <span className={s.sub}>{t("portal.invoice.proration")}</span>}
                {l.disputed && <span className={s.sub}>{t("portal.invoice.lineDisputed")}</span>}
                {explained.lines.has(l.id) && (
                  <span className={`${s.sub} ${s.explanation}`} data-explanation>
                    {explained.lines.get(l.id)}
                  </span>
                )}
                {/* a metered line's usage for its period (its tiers are in the explanation above) */}
                <LineUsage view={lineUsageView(t, locale, l, l.price, d.currency, { tiers: false })} />
              </th>
              <td className={s.nowrap}>{formatPeriod(l.periodStart, l.periodEnd, locale)}</td>
              <td className={s.num}>{formatQuantity(l.quantity, locale)}</td>
              <td className={s.num}>{l.unitAmountDecimal ? formatUnitAmount(l.unitAmountDecimal, d.currency, locale) : "—"}</td>
              <td className={s.num}>
                {l.discounts.length
                  ? lineDiscountEntries(t, locale, d.currency, l.discounts).map((x) => (
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
      {disputable && (
        <p>
          <button type="submit" className={s.smallButton}>
            {t("portal.invoice.disputeLines")}
          </button>
        </p>
      )}
    </form>
  );
}
