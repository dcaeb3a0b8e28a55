import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import type { ReactNode } from "react";
import { Badge, Card, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";
import { describeFinding, findingSeverityLabel, findingStatusLabel } from "@/features/billing-audit/describe-finding";
import { creditNoteStatusLabel, invoiceStatusLabel, paymentStatusLabel, refundStatusLabel } from "@/features/billing-display/labels";
import { loadStaffCustomer } from "@/features/disputes/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { PortalAccess } from "../PortalAccess";
import { formatMoney } from "@/lib/money";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.dispute.customer") };
}

// Column headers whose label is a money column are right-aligned like their cells.
function Section({
  title,
  empty,
  head,
  children,
  count,
  numeric = [],
}: {
  title: string;
  empty: string;
  head: string[];
  children: ReactNode;
  count: number;
  numeric?: string[];
}) {
  if (count === 0)
    return (
      <Card title={title}>
        <p className={s.meta}>{empty}</p>
      </Card>
    );
  return (
    <Table caption={title}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col" data-numeric={numeric.includes(h) || undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </Table>
  );
}

export default async function StaffCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const [{ t, locale }, c] = await Promise.all([getT(), loadStaffCustomer(id)]);
  const money = (a: bigint, cur: string) => formatMoney(a, cur, intlLocale(locale));
  const date = (d: Date) => formatDate(locale, d);
  const none = t("desk.customer.none");
  const h = (k: MessageKey) => t(k);
  const numeric = [h("disputes.col.claimed"), h("desk.customer.total"), h("desk.customer.amount")];
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
        numeric={numeric}
        title={t("desk.customer.disputes")}
        empty={none}
        count={c.disputes.length}
        head={[
          h("disputes.col.number"),
          h("disputes.col.reason"),
          h("disputes.col.status"),
          h("desk.dispute.rootCause"),
          h("disputes.col.claimed"),
          h("disputes.col.opened"),
        ]}
      >
        {c.disputes.map((d) => (
          <tr key={d.id}>
            <td>
              <Link href={`/desk/disputes/${d.id}`}>
                <span className={s.nowrap}>{formatDisputeNumber(d.number)}</span>
              </Link>
            </td>
            <td>{t(`disputes.reason.${d.reason}` as MessageKey)}</td>
            <td>
              <Badge tone={statusTone(d.status)}>{t(`disputes.status.${d.status}` as MessageKey)}</Badge>
            </td>
            <td>{d.rootCause ? t(`disputes.rootCause.${d.rootCause}` as MessageKey) : "—"}</td>
            <td data-numeric>{d.claimedMinor === 0n ? t("disputes.amountTbd") : money(d.claimedMinor, d.currency)}</td>
            <td>{date(d.createdAt)}</td>
          </tr>
        ))}
      </Section>
      <Section
        numeric={numeric}
        title={t("desk.customer.invoices")}
        empty={none}
        count={c.invoices.length}
        head={[h("desk.customer.number"), h("desk.customer.status"), h("desk.customer.total"), h("desk.customer.date")]}
      >
        {c.invoices.map((i) => (
          <tr key={i.id}>
            <td>
              <Link href={`/desk/invoices/${i.id}`}>{i.number ?? i.id}</Link>
            </td>
            <td>{invoiceStatusLabel(t, i.status)}</td>
            <td data-numeric>{money(i.total, i.currency)}</td>
            <td>{date(i.stripeCreated)}</td>
          </tr>
        ))}
      </Section>
      <Section
        numeric={numeric}
        title={t("desk.customer.payments")}
        empty={none}
        count={c.charges.length}
        head={[h("desk.customer.number"), h("desk.customer.status"), h("desk.customer.amount"), h("desk.customer.date")]}
      >
        {c.charges.map((p) => (
          <tr key={p.id}>
            <td>
              {p.stripeId}
              {p.cardLast4 ? ` · ${p.cardBrand ?? ""} ••${p.cardLast4}` : ""}
            </td>
            <td>{paymentStatusLabel(t, p.status)}</td>
            <td data-numeric>{money(p.amount, p.currency)}</td>
            <td>{date(p.stripeCreated)}</td>
          </tr>
        ))}
      </Section>
      <Section
        numeric={numeric}
        title={t("desk.customer.refunds")}
        empty={none}
        count={c.refunds.length}
        head={[h("desk.customer.number"), h("desk.customer.status"), h("desk.customer.amount"), h("desk.customer.date")]}
      >
        {c.refunds.map((r) => (
          <tr key={r.id}>
            <td>{r.stripeId}</td>
            <td>{refundStatusLabel(t, r.status)}</td>
            <td data-numeric>{money(r.amount, r.currency)}</td>
            <td>{date(r.stripeCreated)}</td>
          </tr>
        ))}
      </Section>
      <Section
        numeric={numeric}
        title={t("desk.customer.creditNotes")}
        empty={none}
        count={c.creditNotes.length}
        head={[h("desk.customer.number"), h("desk.customer.status"), h("desk.customer.total"), h("desk.customer.date")]}
      >
        {c.creditNotes.map((n) => (
          <tr key={n.id}>
            <td>{n.number ?? n.id}</td>
            <td>{creditNoteStatusLabel(t, n.status)}</td>
            <td data-numeric>{money(n.total, n.currency)}</td>
            <td>{date(n.stripeCreated)}</td>
          </tr>
        ))}
      </Section>
      <Section
        numeric={numeric}
        title={t("desk.customer.findings")}
        empty={none}
        count={c.findings.length}
        head={[h("desk.customer.summary"), h("desk.customer.severity"), h("desk.customer.status"), h("desk.customer.amount"), h("desk.customer.date")]}
      >
        {c.findings.map((f) => (
          <tr key={f.id}>
            <td>
              <Link href={`/desk/findings/${f.id}`}>
                {
                  describeFinding(
                    { ...f, invoiceNumber: f.invoice?.number ?? f.invoice?.stripeId ?? null },
                    { t, locale, lineNumber: (lid) => c.lineNumbers[lid] ?? null },
                  ).title
                }
              </Link>
            </td>
            <td>{findingSeverityLabel(t, f.severity)}</td>
            <td>{findingStatusLabel(t, f.status)}</td>
            <td data-numeric>{f.currency ? money(f.amountAtStakeMinor, f.currency) : "—"}</td>
            <td>{date(f.detectedAt)}</td>
          </tr>
        ))}
      </Section>
    </div>
  );
}
