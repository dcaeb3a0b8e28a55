import type { Metadata } from "next";
import { Card, Table } from "@/components/ui";
import s from "@/components/disputes/disputes.module.css";
import { guardPage, requireStaff } from "@/features/auth/require-user";
import { loadAuditDashboard } from "@/features/billing-audit/page-data";
import { translate } from "@/lib/i18n";
import { getT } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";
import { Lines, StackedBars } from "./AuditCharts";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "audit.dashboard.title") };
}

export default async function AuditDashboardPage() {
  const { t, locale } = await getT();
  const d = await loadAuditDashboard(await guardPage(() => requireStaff("LEAD")));
  return (
    <div className={s.stack}>
      <h1>{t("audit.dashboard.title")}</h1>
      <Card title={t("audit.dashboard.weekly")}>
        <StackedBars data={d.weekly} x="week" label={d.weekly.map((w) => `${w.week}: ${w.CRITICAL + w.HIGH + w.MEDIUM + w.LOW}`).join("; ") || t("desk.reports.noData")}
          series={[{ key: "CRITICAL", name: "CRITICAL", color: "#8b0000" }, { key: "HIGH", name: "HIGH", color: "#c0392b" }, { key: "MEDIUM", name: "MEDIUM", color: "#b9770e" }, { key: "LOW", name: "LOW", color: "#5d6d7e" }]} />
      </Card>
      <Card title={t("audit.dashboard.byRule")}>
        <StackedBars data={d.byRule} x="name" label={d.byRule.map((r) => `${r.name}: ${r.value}`).join(", ") || t("desk.reports.noData")} series={[{ key: "value", name: t("audit.dashboard.findings"), color: "#1f4fd1" }]} />
      </Card>
      <Card title={t("audit.dashboard.money")}>
        <Table caption={t("audit.dashboard.money")}>
          <thead><tr><th scope="col">{t("desk.queue.currency")}</th><th scope="col">{t("audit.dashboard.atRisk")}</th><th scope="col">{t("audit.dashboard.recovered")}</th></tr></thead>
          <tbody>{d.money.map((m) => <tr key={m.currency}><td>{m.currency.toUpperCase()}</td><td>{m.currency ? formatMoney(m.atRiskMinor, m.currency, locale) : "—"}</td><td>{m.currency ? formatMoney(m.recoveredMinor, m.currency, locale) : "—"}</td></tr>)}</tbody>
        </Table>
      </Card>
      <Card title={t("audit.dashboard.causes")}>
        <StackedBars data={d.causes} x="cause" label={d.causes.map((c) => `${c.cause}: ${c.disputes + c.findings}`).join(", ") || t("desk.reports.noData")}
          series={[{ key: "disputes", name: t("audit.dashboard.disputes"), color: "#1f4fd1" }, { key: "findings", name: t("audit.dashboard.findings"), color: "#1e7d36" }]} />
      </Card>
      <Card title={t("audit.dashboard.sync")}>
        <Lines data={d.sync} x="day" label={d.sync.map((x) => `${x.day}: ${x.processed}/${x.failed}`).join("; ") || t("desk.reports.noData")}
          series={[{ key: "processed", name: t("audit.dashboard.processed"), color: "#1e7d36" }, { key: "failed", name: t("audit.dashboard.failed"), color: "#c0392b" }, { key: "pending", name: t("audit.dashboard.pending"), color: "#b9770e" }]} />
      </Card>
    </div>
  );
}
