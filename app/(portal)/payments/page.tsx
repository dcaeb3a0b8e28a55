import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Alert, Badge, Button, ButtonLink, Card, EmptyState, Table } from "@/components/ui";
import s from "@/components/portal/portal.module.css";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { formatAmount, formatDay } from "@/features/billing-display/format";
import { chargeStateLabel, chargeStateTone, paymentMethodLabel } from "@/features/billing-display/labels";
import { listPayments } from "@/features/payments/list-payments";
import { managePaymentMethodsAction } from "@/features/payments/manage-payment-methods-action";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.payments.title") };
}

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<{ cursor?: string; portal?: string }> }) {
  const { cursor, portal } = await searchParams;
  const [{ t, locale }, page] = await Promise.all([
    getT(),
    forCustomerPage((customerIds, db) => listPayments(db, { customerIds, cursor: typeof cursor === "string" ? cursor : null })),
  ]);
  return (
    <div className={s.page}>
      <div className={s.head}>
        <h1>{t("portal.payments.title")}</h1>
        <div className={s.actions}>
          <form action={managePaymentMethodsAction}>
            <Button type="submit" variant="secondary" aria-describedby="manage-cards-hint">
              {t("portal.payments.manageCards")}
            </Button>
          </form>
          {page.items.length > 0 && (
            <ButtonLink href="/payments/csv" download>
              {t("portal.payments.exportCsv")}
            </ButtonLink>
          )}
        </div>
      </div>
      <p id="manage-cards-hint" className={s.muted}>
        {t("portal.payments.manageCardsHint")}
      </p>
      {portal === "unavailable" && <Alert tone="danger">{t("portal.payments.portalUnavailable")}</Alert>}
      {page.items.length === 0 ? (
        <Card>
          <EmptyState title={t("portal.payments.emptyTitle")}>
            <p>{t("portal.payments.emptyBody")}</p>
          </EmptyState>
        </Card>
      ) : (
        <Table
          caption={t("portal.payments.caption")}
          stackLabels={[
            t("portal.payments.col.date"),
            t("portal.payments.col.invoice"),
            t("portal.payments.col.method"),
            t("portal.payments.col.status"),
            t("portal.payments.col.amount"),
            t("portal.payments.col.details"),
          ]}
        >
          <thead>
            <tr>
              <th scope="col">{t("portal.payments.col.date")}</th>
              <th scope="col">{t("portal.payments.col.invoice")}</th>
              <th scope="col">{t("portal.payments.col.method")}</th>
              <th scope="col">{t("portal.payments.col.status")}</th>
              <th scope="col" className={s.num}>
                {t("portal.payments.col.amount")}
              </th>
              <th scope="col">{t("portal.payments.col.details")}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((p) => (
              <tr key={p.id}>
                <th scope="row" className={s.nowrap}>
                  {formatDay(p.created, locale)}
                </th>
                <td className={s.nowrap}>
                  {p.invoice ? <Link href={`/invoices/${p.invoice.id}`}>{p.invoice.number ?? t("portal.invoices.noNumber")}</Link> : "—"}
                </td>
                <td>{paymentMethodLabel(t, p)}</td>
                <td>
                  <Badge tone={chargeStateTone(p)}>{chargeStateLabel(t, p)}</Badge>
                </td>
                <td className={s.num}>{formatAmount(p.amount, p.currency, locale)}</td>
                <td>
                  {p.explanation && <span>{t(p.explanation)}</span>}
                  {p.duplicate && <span className={s.sub}>{t("portal.payments.duplicate")}</span>}
                  {p.retryUrl && (
                    <span className={s.sub}>
                      <a href={p.retryUrl}>{t("portal.payments.retry")}</a>
                    </span>
                  )}
                  {p.amountRefunded > 0n && (
                    <span className={s.sub}>{t("portal.payments.refunded", { amount: formatAmount(p.amountRefunded, p.currency, locale) })}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {(page.nextCursor || !page.isFirstPage) && (
        <nav className={s.pager} aria-label={t("portal.payments.title")}>
          {!page.isFirstPage ? (
            <span className={s.actions}>
              <Link href="/payments">{t("portal.invoices.first")}</Link>
              {page.prevCursor && (
                <Link href={`/payments?cursor=${page.prevCursor}`} rel="prev">
                  {t("portal.payments.prev")}
                </Link>
              )}
            </span>
          ) : (
            <span />
          )}
          {page.nextCursor && (
            <Link href={`/payments?cursor=${page.nextCursor}`} rel="next">
              {t("portal.payments.next")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
