import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, ButtonLink, Card, EmptyState, Table } from "@/components/ui";
import { loadCustomerDisputes } from "@/features/disputes/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "disputes.title") };
}

export default async function DisputesPage() {
  const [{ t, locale }, disputes] = await Promise.all([getT(), loadCustomerDisputes()]);
  return (
    <div>
      <h1>{t("disputes.title")}</h1>
      <p>{t("disputes.intro")}</p>
      {disputes.length === 0 ? (
        <Card>
          <EmptyState title={t("disputes.emptyTitle")} action={<ButtonLink href="/invoices">{t("disputes.goInvoices")}</ButtonLink>}>
            <p>{t("disputes.emptyBody")}</p>
          </EmptyState>
        </Card>
      ) : (
        <Table
          caption={t("disputes.title")}
          stackLabels={[
            t("disputes.col.number"),
            t("disputes.col.invoice"),
            t("disputes.col.reason"),
            t("disputes.col.status"),
            t("disputes.col.claimed"),
            t("disputes.col.opened"),
          ]}
        >
          <thead>
            <tr>
              <th scope="col">{t("disputes.col.number")}</th>
              <th scope="col">{t("disputes.col.invoice")}</th>
              <th scope="col">{t("disputes.col.reason")}</th>
              <th scope="col">{t("disputes.col.status")}</th>
              <th scope="col" data-numeric>
                {t("disputes.col.claimed")}
              </th>
              <th scope="col">{t("disputes.col.opened")}</th>
            </tr>
          </thead>
          <tbody>
            {disputes.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <Link href={`/disputes/${d.id}`}>
                    <span className={s.nowrap}>{formatDisputeNumber(d.number)}</span>
                  </Link>
                </th>
                <td>{d.invoice.number ?? "—"}</td>
                <td>{t(`disputes.reason.${d.reason}` as MessageKey)}</td>
                <td>
                  <Badge tone={statusTone(d.status)}>{t(`disputes.status.${d.status}` as MessageKey)}</Badge>
                </td>
                <td data-numeric>{d.claimedMinor === 0n ? t("disputes.amountTbd") : formatMoney(d.claimedMinor, d.currency, intlLocale(locale))}</td>
                <td>{formatDate(locale, d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
