import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, ButtonLink, Card, Table } from "@/components/ui";
import { AmountColumnHeads } from "@/components/portal/AmountColumnHeads";
import s from "@/components/portal/portal.module.css";
import { loadCustomerDocument } from "@/features/billing-display/customer-document-page";
import { formatDay, formatPercent, formatPeriod, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { chargeStateLabel, chargeStateTone, invoiceStatusLabel, paymentMethodLabel, paymentStatusLabel } from "@/features/billing-display/labels";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import { getInvoiceDetail } from "@/features/invoices/get-invoice-detail";
import { notCollectedNote } from "@/features/billing-display/taxability-label";
import { invoiceTotalRows } from "@/features/invoices/invoice-total-rows";
import { invoiceFacts } from "@/features/invoices/invoice-facts";
import { lineDiscountEntries } from "@/features/billing-display/discount-label";
import { explainDecline } from "@/features/payments/explain-decline";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { lineUsageView } from "@/features/billing-display/metered-usage";
import { LineUsage } from "@/components/portal/LineUsage";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.invoices.title") };
}

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const { t, locale, d, money } = await loadCustomerDocument((customerIds, db) => getInvoiceDetail(db, { customerIds, invoiceId: id }));
  const number = d.number ?? t("portal.invoices.noNumber");
  const disputable = d.status === "OPEN" || d.status === "PAID" || d.status === "UNCOLLECTIBLE";
  return (
    <div className={s.page}>
      <p>
        <Link href="/invoices">← {t("portal.invoice.back")}</Link>
      </p>
      <div className={s.head}>
        <div>
          <h1>{t("portal.invoice.title", { number })}</h1>
          <p className={s.actions}>
            <Badge tone={d.overdue ? "danger" : d.status === "PAID" ? "success" : d.status === "OPEN" ? "warning" : "neutral"}>
              {invoiceStatusLabel(t, d.status)}
            </Badge>
            {d.overdue && <Badge tone="danger">{t("portal.status.overdue")}</Badge>}
            {d.openDisputes > 0 && <Badge tone="info">{t("portal.invoice.openDisputes", { count: d.openDisputes })}</Badge>}
          </p>
        </div>
        <div className={s.actions} role="group" aria-label={t("portal.invoice.actions")}>
          {d.payUrl && (
            <ButtonLink variant="primary" href={d.payUrl} aria-describedby="pay-hint">
              {t("portal.invoice.pay")}
            </ButtonLink>
          )}
          <ButtonLink href={`/invoices/${d.id}/pdf`} download>
            {t("portal.invoice.downloadPdf")}
          </ButtonLink>
          {disputable && <ButtonLink href={`/disputes/new?invoice=${encodeURIComponent(d.id)}`}>{t("portal.invoice.dispute")}</ButtonLink>}
        </div>
      </div>
      {d.payUrl && (
        <p id="pay-hint" className={s.muted}>
          {t("portal.invoice.payHint")}
        </p>
      )}
      <dl className={s.facts}>
        {invoiceFacts(d, t, locale).map((f) => (
          <div key={f.key} data-fact={f.key}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
        <div>
          <dt>{t("portal.invoice.billedTo")}</dt>
          <dd>{d.customer.name ?? d.customer.email}</dd>
        </div>
      </dl>

      <form method="get" action={`/invoices/${d.id}/dispute`}>
        <h2>{t("portal.invoice.lines")}</h2>
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
                    <input
                      type="checkbox"
                      name="lines"
                      value={l.id}
                      disabled={l.disputed}
                      aria-label={t("portal.invoice.selectLine", { position: index + 1 })}
                    />
                  </td>
                )}
                <th scope="row">
                  {l.description ?? "—"}
                  {l.proration && <span className={s.sub}>{t("portal.invoice.proration")}</span>}
                  {l.disputed && <span className={s.sub}>{t("portal.invoice.lineDisputed")}</span>}
                  <LineUsage view={lineUsageView(t, locale, l, l.price ?? null, d.currency)} />
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

      <Card title={t("portal.invoice.totals")}>
        <dl className={s.totals} data-testid="invoice-totals">
          {invoiceTotalRows(d, t, locale).map((r) => (
            <div key={r.key} style={{ display: "contents" }} data-total={r.key}>
              <dt className={r.strong ? s.strong : undefined}>{r.label}</dt>
              <dd className={r.strong ? s.strong : undefined}>{r.value}</dd>
            </div>
          ))}
        </dl>
      </Card>

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

      <section>
        <h2>{t("portal.invoice.creditNotes")}</h2>
        {d.creditNotes.length === 0 ? (
          <p className={s.muted}>{t("portal.invoice.noCreditNotes")}</p>
        ) : (
          <ul className={s.list}>
            {d.creditNotes.map((cn) => (
              <li key={cn.id}>
                <Link href={`/credit-notes/${cn.id}`}>{cn.number ?? cn.id}</Link> · {formatDay(cn.created, locale)} · {creditNoteReasonText(t, cn)} ·{" "}
                <strong>{money(cn.total)}</strong>
                {cn.lines.map((l, i) => (
                  <span key={i} className={s.sub}>
                    {l.description ?? "—"}
                    {l.quantity ? ` × ${formatQuantity(l.quantity, locale)}` : ""}: {money(l.amount)}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
