import Link from "@/components/ui/Link";
import { Badge, Card } from "@/components/ui";
import { formatAmount, formatDay } from "@/features/billing-display/format";
import { chargeStateLabel, chargeStateTone, paymentMethodLabel } from "@/features/billing-display/labels";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import type { PortalOverview } from "@/features/portal-overview/get-portal-overview";
import type { Locale, MessageKey, Translate } from "@/lib/i18n";
import s from "./portal.module.css";

/** What every overview card is given: the translator, the locale and the customer's overview. */
export type OverviewCardProps = { t: Translate; locale: Locale; o: PortalOverview };

export function BalanceDueCard({ t, locale, o }: OverviewCardProps) {
  return (
    <Card title={t("portal.overview.balanceDue")}>
      {o.balanceDue.length === 0 ? (
        <p>{t("portal.overview.noBalance")}</p>
      ) : (
        <ul className={s.list} data-testid="balance-due">
          {o.balanceDue.map((b) => (
            <li key={b.currency} className={s.big}>
              {formatAmount(b.amount, b.currency, locale)}
            </li>
          ))}
        </ul>
      )}
      <p className={s.muted}>
        {t("portal.overview.openInvoices", { count: o.openInvoiceCount })} · <Link href="/invoices?status=open">{t("portal.overview.viewInvoices")}</Link>
      </p>
    </Card>
  );
}

export function NextDueCard({ t, locale, o }: OverviewCardProps) {
  return (
    <Card title={t("portal.overview.nextDue")}>
      {o.nextDue ? (
        <p>
          <Link href={`/invoices/${o.nextDue.id}`}>
            {t(o.nextDue.dueDate ? "portal.overview.nextDueValue" : "portal.overview.nextDueNoDate", {
              amount: formatAmount(o.nextDue.amountRemaining, o.nextDue.currency, locale),
              number: o.nextDue.number ?? t("portal.invoices.noNumber"),
              date: formatDay(o.nextDue.dueDate, locale),
            })}
          </Link>
        </p>
      ) : (
        <p>{t("portal.overview.noNextDue")}</p>
      )}
    </Card>
  );
}

export function OverdueCard({ t, locale, o }: OverviewCardProps) {
  return (
    <Card title={t("portal.overview.overdueTitle")}>
      {o.overdue.length === 0 ? (
        <p>{t(o.balanceDue.length ? "portal.overview.nothingOverdue" : "portal.overview.noOverdue")}</p>
      ) : (
        <ul className={s.list}>
          {o.overdue.map((i) => (
            <li key={i.id}>
              <Link href={`/invoices/${i.id}`}>{i.number ?? t("portal.invoices.noNumber")}</Link> ·{" "}
              <strong>{formatAmount(i.amountRemaining, i.currency, locale)}</strong>{" "}
              <Badge tone="danger">{t("portal.overview.dueOn", { date: formatDay(i.dueDate, locale) })}</Badge>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function AccountCreditCard({ t, locale, o }: OverviewCardProps) {
  return (
    <Card title={t("portal.overview.creditTitle")}>
      {o.accountCredit.length === 0 ? (
        <p>{t("portal.overview.noCredit")}</p>
      ) : (
        <ul className={s.list} data-testid="account-credit">
          {o.accountCredit.map((a) =>
            a.credit > 0n ? (
              <li key={a.customerId} className={s.big}>
                {formatAmount(a.credit, a.currency, locale)}
              </li>
            ) : (
              <li key={a.customerId}>{t("portal.overview.owedOnAccount", { amount: formatAmount(-a.credit, a.currency, locale) })}</li>
            ),
          )}
        </ul>
      )}
      {o.accountCredit.some((a) => a.credit > 0n) && <p className={s.muted}>{t("portal.overview.creditHint")}</p>}
      {o.balanceHistory.length > 0 && (
        <>
          <h3 className={s.subhead}>{t("portal.overview.creditHistory")}</h3>
          <ul className={s.list} data-testid="balance-history">
            {o.balanceHistory.map((h) => (
              <li key={h.key}>
                <Link href={h.document?.href ?? `/invoices/${h.invoice.id}`}>
                  {t(`portal.overview.history.${h.kind}` as MessageKey, {
                    date: formatDay(h.at, locale),
                    amount: formatAmount(h.amount, h.currency, locale),
                    number: h.document?.number ?? "—",
                    invoice: h.invoice.number ?? t("portal.invoices.noNumber"),
                  })}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

export function LatestPaymentsCard({ t, locale, o }: OverviewCardProps) {
  return (
    <Card title={t("portal.overview.latestPayments")}>
      {o.payments.length === 0 ? (
        <p>{t("portal.overview.noPayments")}</p>
      ) : (
        <ul className={s.list}>
          {o.payments.map((p) => (
            <li key={p.id}>
              {formatDay(p.created, locale)} · {formatAmount(p.amount, p.currency, locale)} · {paymentMethodLabel(t, { method: null, ...p })}{" "}
              <Badge tone={chargeStateTone(p)}>{chargeStateLabel(t, p)}</Badge>
              {p.explanation && <span className={s.sub}>{t(p.explanation)}</span>}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/payments">{t("portal.overview.viewPayments")}</Link>
      </p>
    </Card>
  );
}

export function OpenDisputesCard({ t, o }: OverviewCardProps) {
  return (
    <Card title={t("portal.overview.openDisputes")}>
      {o.disputes.length === 0 ? (
        <p>{t("portal.overview.noDisputes")}</p>
      ) : (
        <ul className={s.list}>
          {o.disputes.map((d) => (
            <li key={d.id}>
              <Link href={`/disputes/${d.id}`}>
                {t("portal.overview.disputeLabel", { number: formatDisputeNumber(d.number).replace(/^D-/, ""), invoice: d.invoice.number ?? "—" })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function CorrectionsCard({ t, locale, o }: OverviewCardProps) {
  return (
    <Card title={t("portal.overview.corrections")}>
      {o.corrections.length === 0 ? (
        <p>{t("portal.overview.noCorrections")}</p>
      ) : (
        <ul className={s.list}>
          {o.corrections.map((c) => (
            <li key={c.id}>
              <Link href={`/invoices/${c.invoice.id}`}>
                {t("portal.overview.correctionNotice", {
                  kind: t(`portal.overview.correction.${c.kind === "refund" ? "refund" : "credit_note"}` as MessageKey),
                  amount: formatAmount(c.amountMinor, c.currency, locale),
                  number: c.invoice.number ?? "—",
                  date: formatDay(c.issuedAt, locale),
                })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
