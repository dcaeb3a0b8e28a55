import { Card, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { findingRuleLabel, findingSeverityLabel } from "@/features/billing-audit/describe-finding";
import type { loadAuditDashboardPage } from "@/features/billing-audit/page-data";
import { type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { Lines, StackedBars } from "./AuditCharts";

// The billing audit's dashboard (/desk/audit-dashboard, leads and admins): findings by week,
// rule and root cause, and the money at risk and recovered.

type Dashboard = Awaited<ReturnType<typeof loadAuditDashboardPage>>;

export function AuditDashboardView({ t, locale, d }: { t: Translate; locale: Locale; d: Dashboard }) {
  // Chart axes and legends read the same words as the rest of the desk.
  const sev = (v: string) => findingSeverityLabel(t, v);
  const byRule = d.byRule.map((r) => ({ ...r, name: findingRuleLabel(t, r.name) }));
  const causes = d.causes.map((c) => ({ ...c, cause: t(`disputes.rootCause.${c.cause}` as MessageKey) }));
  return (
    <div className={s.stack}>
      <h1>{t("audit.dashboard.title")}</h1>
      <Card title={t("audit.dashboard.weekly")}>
        <StackedBars
          data={d.weekly}
          x="week"
          label={d.weekly.map((w) => `${w.week}: ${w.CRITICAL + w.HIGH + w.MEDIUM + w.LOW}`).join("; ") || t("desk.reports.noData")}
          series={[
            { key: "CRITICAL", name: sev("CRITICAL"), color: "#8b0000" },
            { key: "HIGH", name: sev("HIGH"), color: "#c0392b" },
            { key: "MEDIUM", name: sev("MEDIUM"), color: "#b9770e" },
            { key: "LOW", name: sev("LOW"), color: "#5d6d7e" },
          ]}
        />
      </Card>
      <Card title={t("audit.dashboard.byRule")}>
        <StackedBars
          data={byRule}
          x="name"
          label={byRule.map((r) => `${r.name}: ${r.value}`).join(", ") || t("desk.reports.noData")}
          series={[{ key: "value", name: t("audit.dashboard.findings"), color: "#1f4fd1" }]}
        />
      </Card>
      <Card title={t("audit.dashboard.money")}>
        <Table caption={t("audit.dashboard.money")} stackLabels={[t("desk.queue.currency"), t("audit.dashboard.atRisk"), t("audit.dashboard.recovered")]}>
          <thead>
            <tr>
              <th scope="col">{t("desk.queue.currency")}</th>
              <th scope="col">{t("audit.dashboard.atRisk")}</th>
              <th scope="col">{t("audit.dashboard.recovered")}</th>
            </tr>
          </thead>
          <tbody>
            {d.money.map((m) => (
              <tr key={m.currency}>
                <th scope="row">{m.currency.toUpperCase()}</th>
                <td>{m.currency ? formatMoney(m.atRiskMinor, m.currency, locale) : "—"}</td>
                <td>{m.currency ? formatMoney(m.recoveredMinor, m.currency, locale) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title={t("audit.dashboard.causes")}>
        <StackedBars
          data={causes}
          x="cause"
          label={causes.map((c) => `${c.cause}: ${c.disputes + c.findings}`).join(", ") || t("desk.reports.noData")}
          series={[
            { key: "disputes", name: t("audit.dashboard.disputes"), color: "#1f4fd1" },
            { key: "findings", name: t("audit.dashboard.findings"), color: "#1e7d36" },
          ]}
        />
      </Card>
      <Card title={t("audit.dashboard.sync")}>
        <Lines
          data={d.sync}
          x="day"
          label={d.sync.map((x) => `${x.day}: ${x.processed}/${x.failed}`).join("; ") || t("desk.reports.noData")}
          series={[
            { key: "processed", name: t("audit.dashboard.processed"), color: "#1e7d36" },
            { key: "failed", name: t("audit.dashboard.failed"), color: "#c0392b" },
            { key: "pending", name: t("audit.dashboard.pending"), color: "#b9770e" },
          ]}
        />
      </Card>
    </div>
  );
}
