import type { Metadata } from "next";
import { Badge, Card, EmptyState, Table } from "@/components/ui";
import { getCustomerOverview } from "@/features/overview/get-customer-overview";
import { guardPage } from "@/features/auth/require-user";
import { getT } from "@/lib/i18n/server";
import { translate } from "@/lib/i18n";
import s from "./page.module.css";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "overview.title") };
}

export default async function OverviewPage() {
  const [{ t }, overview] = await Promise.all([getT(), guardPage(getCustomerOverview)]);
  return (
    <div className={s.grid}>
      <div>
        <h1>{t("overview.title")}</h1>
        <p className={s.intro}>{t("overview.intro")}</p>
      </div>
      {overview.accounts.length === 0 ? (
        <Card>
          <EmptyState title={t("overview.noAccountsTitle")}>
            <p>{t("overview.noAccountsBody", { email: overview.user.email })}</p>
          </EmptyState>
        </Card>
      ) : (
        <Table caption={t("overview.accounts")}>
          <thead>
            <tr>
              <th scope="col">{t("overview.account")}</th>
              <th scope="col" data-numeric>
                {t("overview.openInvoices")}
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.accounts.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name ?? a.email}
                  {a.name && <span className={s.sub}>{a.email}</span>}
                </td>
                <td data-numeric>{a.openInvoices === 0 ? <Badge tone="success">{t("overview.noOpenInvoices")}</Badge> : <Badge tone="warning">{a.openInvoices}</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
