import type { Metadata } from "next";
import { findingRuleLabel } from "@/features/billing-audit/describe-finding";
import Link from "@/components/ui/Link";
import { Badge, Card, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";
import { correctionTone } from "@/components/corrections/status-tone";
import { loadDeskInvoice } from "@/features/desk/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.directory.invoice") };
}

export default async function DeskInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ t, locale }, inv] = await Promise.all([getT(), loadDeskInvoice(id)]);
  const money = (a: bigint, c = inv.currency) => formatMoney(a, c, intlLocale(locale));
  const day = (d: Date | null) => (d ? formatDate(locale, d) : "—");
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href={`/desk/customers/${inv.customer.id}`}>← {inv.customer.name ?? inv.customer.email ?? inv.customer.stripeId}</Link>
        </p>
        <h1>{t("desk.dispute.invoice", { number: inv.number ?? inv.stripeId })}</h1>
        <p className={s.actions}>
          <Badge tone={inv.status === "PAID" ? "success" : "info"}>{t(`desk.corrections.invoiceStatus.${inv.status}` as MessageKey)}</Badge>
          <span>{t("desk.corrections.invoiceTotal", { amount: money(inv.total) })}</span>
          <span className={s.meta}>{t("desk.directory.paidRemaining", { paid: money(inv.amountPaid), remaining: money(inv.amountRemaining) })}</span>
          <span className={s.meta}>
            {day(inv.stripeCreated)} · {inv.stripeId}
          </span>
        </p>
      </div>
      <Table caption={t("desk.directory.lines")}>
        <thead>
          <tr>
            <th scope="col">{t("desk.dispute.line")}</th>
            <th scope="col" data-numeric>
              {t("desk.dispute.quantity")}
            </th>
            <th scope="col" data-numeric>
              {t("desk.dispute.amount")}
            </th>
          </tr>
        </thead>
        <tbody>
          {inv.lines.map((l) => (
            <tr key={l.id}>
              <td>{l.description ?? "—"}</td>
              <td data-numeric>{l.quantity.toString()}</td>
              <td data-numeric>{money(l.amount)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t("desk.dispute.total")}</th>
            <td />
            <td data-numeric>{money(inv.total)}</td>
          </tr>
        </tbody>
      </Table>
      <div className={s.twoCol}>
        <Card title={t("desk.directory.payments")}>
          {inv.payments.length === 0 ? (
            <p className={s.meta}>{t("desk.customer.none")}</p>
          ) : (
            <ul className={s.files}>
              {inv.payments.map((p) => (
                <li key={p.id}>
                  {p.outOfBand ? t("desk.directory.outOfBand") : (p.chargeStripeId ?? p.paymentIntentStripeId ?? "—")} ·{" "}
                  {p.amountPaid !== null ? money(p.amountPaid, p.currency) : "—"} · {p.status} · {day(p.paidAt)}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("desk.customer.creditNotes")}>
          {inv.creditNotes.length === 0 ? (
            <p className={s.meta}>{t("desk.customer.none")}</p>
          ) : (
            <ul className={s.files}>
              {inv.creditNotes.map((n) => (
                <li key={n.id}>
                  {n.number ?? n.id} · {money(n.total, n.currency)} · {n.status} · {day(n.stripeCreated)}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("desk.customer.disputes")}>
          {inv.disputes.length === 0 ? (
            <p className={s.meta}>{t("desk.customer.none")}</p>
          ) : (
            <ul className={s.files}>
              {inv.disputes.map((d) => (
                <li key={d.id}>
                  <Link href={`/desk/disputes/${d.id}`}>{formatDisputeNumber(d.number)}</Link> · {t(`disputes.reason.${d.reason}` as MessageKey)} ·{" "}
                  <Badge tone={statusTone(d.status)}>{t(`disputes.status.${d.status}` as MessageKey)}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("desk.directory.corrections")}>
          {inv.corrections.length === 0 ? (
            <p className={s.meta}>{t("desk.customer.none")}</p>
          ) : (
            <ul className={s.files}>
              {inv.corrections.map((c) => (
                <li key={c.id}>
                  <Link href={`/desk/corrections/${c.id}`}>
                    {t(c.kind === "refund" ? "desk.corrections.kind.refund" : "desk.corrections.kind.credit_note")} · {money(c.amountMinor, c.currency)}
                  </Link>{" "}
                  <Badge tone={correctionTone(c.status)}>{t(`desk.corrections.status.${c.status}` as MessageKey)}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("desk.dispute.findings")}>
          {inv.findings.length === 0 ? (
            <p className={s.meta}>{t("desk.dispute.noFindings")}</p>
          ) : (
            <ul className={s.files}>
              {inv.findings.map((f) => (
                <li key={f.id}>
                  <Link href={`/desk/findings/${f.id}`}>{findingRuleLabel(t, f.rule)}</Link> · {t(`desk.findingStatus.${f.status}` as MessageKey)}
                  {f.currency && f.amountAtStakeMinor > 0n ? ` · ${t("desk.dispute.atStake", { amount: money(f.amountAtStakeMinor, f.currency) })}` : ""}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
