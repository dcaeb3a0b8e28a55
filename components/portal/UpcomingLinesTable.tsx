import type { Locale, Translate } from "@/lib/i18n";
import type { NextBillLine } from "@/features/next-bill/get-next-bill";
import { explainDisplayLines } from "@/features/billing-display/explain-text";
import { LineCells, LineTable } from "./LineTable";
import { lineUsageView } from "@/features/billing-display/metered-usage";
import { LineUsage } from "./LineUsage";
import s from "./portal.module.css";

/**
 * The items of a bill that is not issued yet (the next bill), read-only, in the columns and with the
 * formatting of an invoice's items (app/(portal)/invoices/[id]): description, service period,
 * quantity, unit price, discounts, tax, amount. As on the invoice page, a pending plan or seat change
 * (its credit + debit proration pair) is told in one sentence above the table, and each proration or
 * tiered line says how its amount is made (billing-display/explain-text.ts); a metered line shows its
 * usage so far.
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
  const explained = explainDisplayLines(
    lines.map((l) => ({ ...l, price: l.price ?? null })),
    currency,
    locale,
  );
  return (
    <>
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
      <LineTable t={t} caption={caption}>
        {lines.map((l) => (
          <tr key={l.id} data-line={l.proration ? "proration" : "line"}>
            <th scope="row">
              {l.description ?? "—"}
              {l.proration && <span className={s.sub}>{t("portal.invoice.proration")}</span>}
              {explained.lines.has(l.id) && (
                <span className={`${s.sub} ${s.explanation}`} data-explanation>
                  {explained.lines.get(l.id)}
                </span>
              )}
              {/* a tiered line's tiers are in its explanation when it has one */}
              <LineUsage view={lineUsageView(t, locale, l, l.price ?? null, currency, { soFar: true, tiers: !explained.lines.has(l.id) })} />
            </th>
            <LineCells t={t} locale={locale} currency={currency} money={money} line={l} />
          </tr>
        ))}
      </LineTable>
    </>
  );
}
