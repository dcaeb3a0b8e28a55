import Link from "@/components/ui/Link";
import { Badge, Card, DataTable, type Column } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";
import { describeFinding, findingSeverityLabel, findingStatusLabel } from "@/features/billing-audit/describe-finding";
import { creditNoteStatusLabel, invoiceStatusLabel, paymentStatusLabel, refundStatusLabel } from "@/features/billing-display/labels";
import type { loadStaffCustomer } from "@/features/disputes/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { PortalAccess } from "./PortalAccess";

// A customer on the desk (/desk/customers/[id]): portal access, then one table per kind of
// record (disputes, invoices, payments, refunds, credit notes, findings), each a DataTable
// that gives way to a card saying "none" when empty.

type Customer = Awaited<ReturnType<typeof loadStaffCustomer>>;

/** One record list: its title, its columns and rows, and the card shown when it has none. */
function Section<Row extends { id: string }>({ title, empty, rows, columns }: { title: string; empty: string; rows: Row[]; columns: Column<Row>[] }) {
  return (
    <DataTable
      caption={title}
      rows={rows}
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        <Card title={title}>
          <p className={s.meta}>{empty}</p>
        </Card>
      }
    />
  );
}

export function StaffCustomerView({ t, locale, customer: c }: { t: Translate; locale: Locale; customer: Customer }) {
  const money = (a: bigint, cur: string) => formatMoney(a, cur, intlLocale(locale));
  const date = (d: Date) => formatDate(locale, d);
  const none = t("desk.customer.none");
  const h = (k: MessageKey) => t(k);
  return (
    <div className={s.stack}>
      <div>
        <h1>{t("desk.customer.title", { name: c.name ?? c.email ?? c.stripeId })}</h1>
        <p className={s.meta}>
          {c.email} · {c.stripeId}
        </p>
        <p>
          <Link href={`/desk/customers/${c.id}/tariffs`}>{t("audit.tariffs.link")}</Link>
        </p>
        {c.currency && <p>{t("desk.customer.balance", { amount: money(c.balance, c.currency) })}</p>}
      </div>
      <PortalAccess
        locale={locale}
        customerId={c.id}
        canManage={c.canManageLinks}
        links={c.users.map((u) => ({ userId: u.user.id, email: u.user.email, source: u.source, linkedAt: u.linkedAt }))}
      />
      <Section
        title={t("desk.customer.disputes")}
        empty={none}
        rows={c.disputes}
        columns={[
          {
            header: h("disputes.col.number"),
            cell: (d) => (
              <Link href={`/desk/disputes/${d.id}`}>
                <span className={s.nowrap}>{formatDisputeNumber(d.number)}</span>
              </Link>
            ),
          },
          { header: h("disputes.col.reason"), cell: (d) => t(`disputes.reason.${d.reason}` as MessageKey) },
          { header: h("disputes.col.status"), cell: (d) => <Badge tone={statusTone(d.status)}>{t(`disputes.status.${d.status}` as MessageKey)}</Badge> },
          { header: h("desk.dispute.rootCause"), cell: (d) => (d.rootCause ? t(`disputes.rootCause.${d.rootCause}` as MessageKey) : "—") },
          {
            header: h("disputes.col.claimed"),
            numeric: true,
            cell: (d) => (d.claimedMinor === 0n ? t("disputes.amountTbd") : money(d.claimedMinor, d.currency)),
          },
          { header: h("disputes.col.opened"), cell: (d) => date(d.createdAt) },
        ]}
      />
      <Section
        title={t("desk.customer.invoices")}
        empty={none}
        rows={c.invoices}
        columns={[
          { header: h("desk.customer.number"), cell: (i) => <Link href={`/desk/invoices/${i.id}`}>{i.number ?? i.id}</Link> },
          { header: h("desk.customer.status"), cell: (i) => invoiceStatusLabel(t, i.status) },
          { header: h("desk.customer.total"), numeric: true, cell: (i) => money(i.total, i.currency) },
          { header: h("desk.customer.date"), cell: (i) => date(i.stripeCreated) },
        ]}
      />
      <Section
        title={t("desk.customer.payments")}
        empty={none}
        rows={c.charges}
        columns={[
          {
            header: h("desk.customer.number"),
            cell: (p) => (
              <>
                {p.stripeId}
                {p.cardLast4 ? ` · ${p.cardBrand ?? ""} ••${p.cardLast4}` : ""}
              </>
            ),
          },
          { header: h("desk.customer.status"), cell: (p) => paymentStatusLabel(t, p.status) },
          { header: h("desk.customer.amount"), numeric: true, cell: (p) => money(p.amount, p.currency) },
          { header: h("desk.customer.date"), cell: (p) => date(p.stripeCreated) },
        ]}
      />
      <Section
        title={t("desk.customer.refunds")}
        empty={none}
        rows={c.refunds}
        columns={[
          { header: h("desk.customer.number"), cell: (r) => r.stripeId },
          { header: h("desk.customer.status"), cell: (r) => refundStatusLabel(t, r.status) },
          { header: h("desk.customer.amount"), numeric: true, cell: (r) => money(r.amount, r.currency) },
          { header: h("desk.customer.date"), cell: (r) => date(r.stripeCreated) },
        ]}
      />
      <Section
        title={t("desk.customer.creditNotes")}
        empty={none}
        rows={c.creditNotes}
        columns={[
          { header: h("desk.customer.number"), cell: (n) => n.number ?? n.id },
          { header: h("desk.customer.status"), cell: (n) => creditNoteStatusLabel(t, n.status) },
          { header: h("desk.customer.total"), numeric: true, cell: (n) => money(n.total, n.currency) },
          { header: h("desk.customer.date"), cell: (n) => date(n.stripeCreated) },
        ]}
      />
      <Section
        title={t("desk.customer.findings")}
        empty={none}
        rows={c.findings}
        columns={[
          {
            header: h("desk.customer.summary"),
            cell: (f) => (
              <Link href={`/desk/findings/${f.id}`}>
                {
                  describeFinding(
                    { ...f, invoiceNumber: f.invoice?.number ?? f.invoice?.stripeId ?? null },
                    { t, locale, lineNumber: (lid) => c.lineNumbers[lid] ?? null },
                  ).title
                }
              </Link>
            ),
          },
          { header: h("desk.customer.severity"), cell: (f) => findingSeverityLabel(t, f.severity) },
          { header: h("desk.customer.status"), cell: (f) => findingStatusLabel(t, f.status) },
          { header: h("desk.customer.amount"), numeric: true, cell: (f) => (f.currency ? money(f.amountAtStakeMinor, f.currency) : "—") },
          { header: h("desk.customer.date"), cell: (f) => date(f.detectedAt) },
        ]}
      />
    </div>
  );
}
