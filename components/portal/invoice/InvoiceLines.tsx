// The invoice page's line table, inside the form that picks lines to dispute; each proration,
// tiered or package line says how its amount was made (features/billing-display/explain-text.ts),
// and a plan or seat change billed as a credit + debit pair is told in one sentence above.
import { LineCells, LineTable } from "@/components/portal/LineTable";
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
      <LineTable t={t} caption={t("portal.invoice.linesCaption", { number })} select={disputable}>
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
            <LineCells t={t} locale={locale} currency={d.currency} money={money} line={l} />
          </tr>
        ))}
      </LineTable>
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
