import { Badge, Table } from "@/components/ui";
import { formatDay } from "@/features/billing-display/format";
import { chargeStateLabel, chargeStateTone, paymentMethodLabel, paymentStatusLabel } from "@/features/billing-display/labels";
import { explainDecline } from "@/features/payments/explain-decline";
import type { Locale, Translate } from "@/lib/i18n";
import type { InvoiceDetail } from "@/features/invoices/get-invoice-detail";
import s from "@/components/portal/portal.module.css";

/** The charges that paid the invoice, with refunds and a retry link for a failed one. */
export function InvoicePayments({ d, t, locale, money }: { d: InvoiceDetail; t: Translate; locale: Locale; money: (a: bigint) => string }) {
  return (
    <section>
      <h2>{t("portal.invoice.payments")}</h2>
      {d.payments.length === 0 ? (
        <p className={s.muted}>{t("portal.invoice.noPayments")}</p>
      ) : (
        <Table
          caption={t("portal.invoice.paymentsCaption")}
          stackLabels={[
            t("portal.payments.col.date"),
            t("portal.payments.col.method"),
            t("portal.payments.col.status"),
            t("portal.payments.col.amount"),
            t("portal.payments.col.details"),
          ]}
        >
          <thead>
            <tr>
              <th scope="col">{t("portal.payments.col.date")}</th>
              <th scope="col">{t("portal.payments.col.method")}</th>
              <th scope="col">{t("portal.payments.col.status")}</th>
              <th scope="col" className={s.num}>
                {t("portal.payments.col.amount")}
              </th>
              <th scope="col">{t("portal.payments.col.details")}</th>
            </tr>
          </thead>
          <tbody>
            {d.payments.map((p) => {
              const why = explainDecline(p.declineCode, p.status === "failed");
              return (
                <tr key={p.id}>
                  <th scope="row" className={s.nowrap}>
                    {formatDay(p.created, locale)}
                  </th>
                  <td>{paymentMethodLabel(t, p)}</td>
                  <td>
                    <Badge tone={chargeStateTone(p)}>{chargeStateLabel(t, p)}</Badge>
                  </td>
                  <td className={s.num}>{money(p.amount)}</td>
                  <td>
                    {why && <span>{t(why)}</span>}
                    {p.status === "failed" && d.payUrl && (
                      <span className={s.sub}>
                        <a href={d.payUrl}>{t("portal.payments.retry")}</a>
                      </span>
                    )}
                    {p.refunds.map((r) => (
                      <span key={r.id} className={s.sub}>
                        {t("portal.invoice.refund", { amount: money(r.amount), date: formatDay(r.created, locale), status: paymentStatusLabel(t, r.status) })}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </section>
  );
}
