import type { Locale, Translate } from "@/lib/i18n";
import type { NextBillLine } from "@/features/next-bill/get-next-bill";
import { LineCells, LineTable } from "./LineTable";
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
    <LineTable t={t} caption={caption}>
      {lines.map((l) => (
        <tr key={l.id} data-line={l.proration ? "proration" : "line"}>
          <th scope="row">
            {l.description ?? "—"}
            {l.proration && <span className={s.sub}>{t("portal.invoice.proration")}</span>}
            <LineUsage view={lineUsageView(t, locale, l, l.price ?? null, currency, { soFar: true })} />
          </th>
          <LineCells t={t} locale={locale} currency={currency} money={money} line={l} />
        </tr>
      ))}
    </LineTable>
  );
}
