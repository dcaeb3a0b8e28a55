import Link from "@/components/ui/Link";
import { Badge, Button, Card, DataTable, Field } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";
import type { loadDirectory } from "@/features/desk/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

// The desk's directory (/desk/customers): one search over customers, invoices, disputes and a
// charge id; each kind of match its own list.

type Directory = Awaited<ReturnType<typeof loadDirectory>>;

const emptyCard = (title: string, text: string) => (
  <Card title={title}>
    <p className={s.meta}>{text}</p>
  </Card>
);

export function DirectoryView({ t, locale, r }: { t: Translate; locale: Locale; r: Directory }) {
  const money = (a: bigint, c: string) => formatMoney(a, c, intlLocale(locale));
  const who = (c: { name: string | null; email: string | null; stripeId: string }) => c.name ?? c.email ?? c.stripeId;
  return (
    <div className={s.stack}>
      <div>
        <h1>{t("desk.directory.title")}</h1>
        <p className={s.meta}>{t("desk.directory.intro")}</p>
      </div>
      <Card>
        <form method="get" role="search" className={s.actions}>
          <Field
            label={t("desk.directory.search")}
            hint={t("desk.directory.searchHint")}
            name="q"
            type="search"
            defaultValue={r.q}
            maxLength={200}
            autoComplete="off"
          />
          <Button type="submit">{t("desk.directory.find")}</Button>
        </form>
      </Card>
      {r.charge && <p>{t("desk.directory.charge", { charge: r.charge.stripeId, amount: money(r.charge.amount, r.charge.currency) })}</p>}
      {r.disputes.length > 0 && (
        <Card title={t("desk.directory.disputes")}>
          <ul className={s.files}>
            {r.disputes.map((d) => (
              <li key={d.id}>
                <Link href={`/desk/disputes/${d.id}`}>{formatDisputeNumber(d.number)}</Link> ·{" "}
                <Badge tone={statusTone(d.status)}>{t(`disputes.status.${d.status}` as MessageKey)}</Badge> · {who(d.customer)} ·{" "}
                <Link href={`/desk/invoices/${d.invoice.id}`}>{d.invoice.number ?? d.invoice.stripeId}</Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <DataTable
        caption={t("desk.directory.customers")}
        rows={r.customers}
        rowKey={(c) => c.id}
        empty={emptyCard(t("desk.directory.customers"), t("desk.directory.noCustomers"))}
        columns={[
          { header: t("desk.directory.name"), cell: (c) => <Link href={`/desk/customers/${c.id}`}>{c.name ?? c.email ?? c.stripeId}</Link> },
          { header: t("desk.directory.email"), cell: (c) => c.email ?? "—" },
          { header: t("desk.directory.stripeId"), cell: (c) => c.stripeId, className: s.meta },
        ]}
      />
      <DataTable
        caption={t("desk.directory.invoices")}
        rows={r.invoices}
        rowKey={(i) => i.id}
        empty={emptyCard(t("desk.directory.invoices"), t("desk.directory.noInvoices"))}
        columns={[
          { header: t("desk.customer.number"), cell: (i) => <Link href={`/desk/invoices/${i.id}`}>{i.number ?? i.stripeId}</Link> },
          { header: t("desk.dispute.customer"), cell: (i) => <Link href={`/desk/customers/${i.customer.id}`}>{who(i.customer)}</Link> },
          { header: t("desk.customer.status"), cell: (i) => t(`desk.corrections.invoiceStatus.${i.status}` as MessageKey) },
          { header: t("desk.customer.total"), numeric: true, cell: (i) => money(i.total, i.currency) },
          { header: t("desk.customer.date"), cell: (i) => formatDate(locale, i.stripeCreated) },
        ]}
      />
    </div>
  );
}
