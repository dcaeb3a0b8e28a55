import { findingRuleLabel } from "@/features/billing-audit/describe-finding";
import type { loadDeskInvoice } from "@/features/desk/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { correctionTone } from "@/components/corrections/status-tone";
import { statusTone } from "@/components/disputes/status-tone";
import Link from "@/components/ui/Link";
import { Badge, ListCard, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { formatDate, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

// An invoice on the desk (/desk/invoices/[id]): its lines, then what hangs off it (payments,
// credit notes, disputes, corrections, findings), each a ListCard.

type Invoice = Awaited<ReturnType<typeof loadDeskInvoice>>;

export function DeskInvoiceView({ t, locale, invoice: inv }: { t: Translate; locale: Locale; invoice: Invoice }) {
  const money = (a: bigint, c = inv.currency) => formatMoney(a, c, intlLocale(locale));
  const day = (d: Date | null) => (d ? formatDate(locale, d) : "—");
  const none = t("desk.customer.none");
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
        <ListCard title={t("desk.directory.payments")} empty={none} items={inv.payments}>
          {(p) => (
            <>
              {p.outOfBand ? t("desk.directory.outOfBand") : (p.chargeStripeId ?? p.paymentIntentStripeId ?? "—")} ·{" "}
              {p.amountPaid !== null ? money(p.amountPaid, p.currency) : "—"} · {p.status} · {day(p.paidAt)}
            </>
          )}
        </ListCard>
        <ListCard title={t("desk.customer.creditNotes")} empty={none} items={inv.creditNotes}>
          {(n) => (
            <>
              {n.number ?? n.id} · {money(n.total, n.currency)} · {n.status} · {day(n.stripeCreated)}
            </>
          )}
        </ListCard>
        <ListCard title={t("desk.customer.disputes")} empty={none} items={inv.disputes}>
          {(d) => (
            <>
              <Link href={`/desk/disputes/${d.id}`}>{formatDisputeNumber(d.number)}</Link> · {t(`disputes.reason.${d.reason}` as MessageKey)} ·{" "}
              <Badge tone={statusTone(d.status)}>{t(`disputes.status.${d.status}` as MessageKey)}</Badge>
            </>
          )}
        </ListCard>
        <ListCard title={t("desk.directory.corrections")} empty={none} items={inv.corrections}>
          {(c) => (
            <>
              <Link href={`/desk/corrections/${c.id}`}>
                {t(c.kind === "refund" ? "desk.corrections.kind.refund" : "desk.corrections.kind.credit_note")} · {money(c.amountMinor, c.currency)}
              </Link>{" "}
              <Badge tone={correctionTone(c.status)}>{t(`desk.corrections.status.${c.status}` as MessageKey)}</Badge>
            </>
          )}
        </ListCard>
        <ListCard title={t("desk.dispute.findings")} empty={t("desk.dispute.noFindings")} items={inv.findings}>
          {(f) => (
            <>
              <Link href={`/desk/findings/${f.id}`}>{findingRuleLabel(t, f.rule)}</Link> · {t(`desk.findingStatus.${f.status}` as MessageKey)}
              {f.currency && f.amountAtStakeMinor > 0n ? ` · ${t("desk.dispute.atStake", { amount: money(f.amountAtStakeMinor, f.currency) })}` : ""}
            </>
          )}
        </ListCard>
      </div>
    </div>
  );
}
