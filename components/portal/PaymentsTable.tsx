import Link from "@/components/ui/Link";
import { Badge } from "@/components/ui";
import { formatAmount, formatDay } from "@/features/billing-display/format";
import { chargeStateLabel, chargeStateTone, paymentMethodLabel, paymentStatusLabel } from "@/features/billing-display/labels";
import type { Locale, MessageKey, Translate } from "@/lib/i18n";
import { ListTable, type ListColumn } from "./ListShell";
import s from "./portal.module.css";

/** One payment attempt (charge) as a row: what the payments list and an invoice's payments both show. */
export type PaymentsTableRow = {
  id: string;
  created: Date;
  amount: bigint;
  amountRefunded: bigint;
  currency: string;
  status: string;
  method: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  /** The catalog key that explains a failure in plain words (explainDecline). */
  explanation: MessageKey | null;
  /** The invoice it paid; shown only with `invoiceColumn`. */
  invoice?: { id: string; number: string | null } | null;
  /** A second charge for an invoice already paid. */
  duplicate?: boolean;
  /** Where a declined payment can be retried (Stripe's hosted invoice page). */
  retryUrl?: string | null;
  /** Each refund on its own line (an invoice's payments); without it, one "refunded" line from amountRefunded. */
  refunds?: { id: string; amount: bigint; created: Date; status: string }[];
};

export type PaymentsTableProps = {
  t: Translate;
  locale: Locale;
  caption: string;
  rows: PaymentsTableRow[];
  /** Adds the "Invoice" column (the payments list); an invoice's own payments leave it out. */
  invoiceColumn?: boolean;
};

/** The portal's one payments table: the payments page and an invoice's payments section. */
export function PaymentsTable({ t, locale, caption, rows, invoiceColumn = false }: PaymentsTableProps) {
  const money = (a: bigint, currency: string) => formatAmount(a, currency, locale);
  const columns: ListColumn[] = [
    { label: t("portal.payments.col.date") },
    ...(invoiceColumn ? [{ label: t("portal.payments.col.invoice") }] : []),
    { label: t("portal.payments.col.method") },
    { label: t("portal.payments.col.status") },
    { label: t("portal.payments.col.amount"), num: true },
    { label: t("portal.payments.col.details") },
  ];
  return (
    <ListTable caption={caption} columns={columns}>
      {rows.map((p) => (
        <tr key={p.id}>
          <th scope="row" className={s.nowrap}>
            {formatDay(p.created, locale)}
          </th>
          {invoiceColumn && (
            <td className={s.nowrap}>
              {p.invoice ? <Link href={`/invoices/${p.invoice.id}`}>{p.invoice.number ?? t("portal.invoices.noNumber")}</Link> : "—"}
            </td>
          )}
          <td>{paymentMethodLabel(t, p)}</td>
          <td>
            <Badge tone={chargeStateTone(p)}>{chargeStateLabel(t, p)}</Badge>
          </td>
          <td className={s.num}>{money(p.amount, p.currency)}</td>
          <td>
            {p.explanation && <span>{t(p.explanation)}</span>}
            {p.duplicate && <span className={s.sub}>{t("portal.payments.duplicate")}</span>}
            {p.retryUrl && (
              <span className={s.sub}>
                <a href={p.retryUrl}>{t("portal.payments.retry")}</a>
              </span>
            )}
            {p.refunds
              ? p.refunds.map((r) => (
                  <span key={r.id} className={s.sub}>
                    {t("portal.invoice.refund", {
                      amount: money(r.amount, p.currency),
                      date: formatDay(r.created, locale),
                      status: paymentStatusLabel(t, r.status),
                    })}
                  </span>
                ))
              : p.amountRefunded > 0n && <span className={s.sub}>{t("portal.payments.refunded", { amount: money(p.amountRefunded, p.currency) })}</span>}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
