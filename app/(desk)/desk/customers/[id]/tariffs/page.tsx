import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, EmptyState, Table } from "@/components/ui";
import s from "@/components/disputes/disputes.module.css";
import { requireStaff } from "@/features/auth/require-user";
import { loadCustomerTariffs } from "@/features/billing-audit/page-data";
import { NotFoundError } from "@/lib/errors";
import { formatDate, translate } from "@/lib/i18n";
import { getT } from "@/lib/i18n/server";
import { AddTariffForm, RetireTariffForm } from "./TariffForms";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "audit.tariffs.title") };
}

export default async function TariffsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { t, locale } = await getT();
  const user = await requireStaff("AGENT");
  const data = await loadCustomerTariffs(user, id).catch((e) => { if (e instanceof NotFoundError) notFound(); throw e; });
  const canEdit = user.role !== "AGENT";
  const labels = { price: t("audit.tariffs.price"), unit: t("audit.tariffs.unit"), from: t("audit.tariffs.from"), to: t("audit.tariffs.to"), reason: t("audit.tariffs.reason"), add: t("audit.tariffs.add"), retire: t("audit.tariffs.retire"), saved: t("audit.finding.saved"), failed: t("audit.finding.failed") };
  const day = (d: Date | null) => (d ? formatDate(locale, d) : "—");
  return (
    <div className={s.stack}>
      <h1>{t("audit.tariffs.title")}: {data.customer.name ?? data.customer.email ?? data.customer.stripeId}</h1>
      {data.tariffs.length === 0 ? <Card><EmptyState title={t("audit.tariffs.none")} /></Card> : (
        <Table caption={t("audit.tariffs.title")}>
          <thead><tr><th scope="col">{t("audit.tariffs.price")}</th><th scope="col">{t("audit.tariffs.unit")}</th><th scope="col">{t("audit.tariffs.from")}</th><th scope="col">{t("audit.tariffs.to")}</th>{canEdit && <th scope="col">{t("audit.tariffs.retire")}</th>}</tr></thead>
          <tbody>
            {data.tariffs.map((r) => (
              <tr key={r.id}>
                <td>{r.priceId ?? r.productId}</td><td>{r.unitAmountDecimal} {r.currency.toUpperCase()}</td><td>{day(r.validFrom)}</td><td>{day(r.validTo)}</td>
                {canEdit && <td><RetireTariffForm customerId={data.customer.id} tariffId={r.id} labels={labels} /></td>}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data.discounts.length > 0 && (
        <Card title={t("audit.tariffs.discounts")}>
          <ul>{data.discounts.map((d) => <li key={d.id}>{d.scope} · {d.couponId ?? "—"} · {d.percentOff ? `${d.percentOff} %` : String(d.amountOffMinor ?? "")} · {day(d.validFrom)} – {day(d.validTo)}</li>)}</ul>
        </Card>
      )}
      {canEdit && (
        <Card title={t("audit.tariffs.add")}>
          <AddTariffForm customerId={data.customer.id} prices={data.prices.map((p) => ({ id: p.id, label: `${p.productName ?? p.id} · ${p.unitAmountDecimal ?? "?"} ${p.currency.toUpperCase()}` }))} labels={labels} />
        </Card>
      )}
    </div>
  );
}
