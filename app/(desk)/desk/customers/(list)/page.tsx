import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, Button, Card, Field, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";
import { loadDirectory } from "@/features/desk/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.directory.title") };
}

export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q : "";
  const [{ t, locale }, r] = await Promise.all([getT(), loadDirectory({ q })]);
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
      {r.customers.length === 0 ? (
        <Card title={t("desk.directory.customers")}>
          <p className={s.meta}>{t("desk.directory.noCustomers")}</p>
        </Card>
      ) : (
        <Table caption={t("desk.directory.customers")}>
          <thead>
            <tr>
              <th scope="col">{t("desk.directory.name")}</th>
              <th scope="col">{t("desk.directory.email")}</th>
              <th scope="col">{t("desk.directory.stripeId")}</th>
            </tr>
          </thead>
          <tbody>
            {r.customers.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/desk/customers/${c.id}`}>{c.name ?? c.email ?? c.stripeId}</Link>
                </td>
                <td>{c.email ?? "—"}</td>
                <td className={s.meta}>{c.stripeId}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {r.invoices.length === 0 ? (
        <Card title={t("desk.directory.invoices")}>
          <p className={s.meta}>{t("desk.directory.noInvoices")}</p>
        </Card>
      ) : (
        <Table caption={t("desk.directory.invoices")}>
          <thead>
            <tr>
              <th scope="col">{t("desk.customer.number")}</th>
              <th scope="col">{t("desk.dispute.customer")}</th>
              <th scope="col">{t("desk.customer.status")}</th>
              <th scope="col" data-numeric>
                {t("desk.customer.total")}
              </th>
              <th scope="col">{t("desk.customer.date")}</th>
            </tr>
          </thead>
          <tbody>
            {r.invoices.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link href={`/desk/invoices/${i.id}`}>{i.number ?? i.stripeId}</Link>
                </td>
                <td>
                  <Link href={`/desk/customers/${i.customer.id}`}>{who(i.customer)}</Link>
                </td>
                <td>{t(`desk.corrections.invoiceStatus.${i.status}` as MessageKey)}</td>
                <td data-numeric>{money(i.total, i.currency)}</td>
                <td>{formatDate(locale, i.stripeCreated)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
