import { Card, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import type { loadDisputeReport } from "@/features/disputes/page-data";
import { intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { BarByCategory, WeeklyChart } from "./Charts";

// Dispute reports (/desk/reports): the figures, the weekly chart and the breakdowns.

type Report = Awaited<ReturnType<typeof loadDisputeReport>>;

export function ReportsView({ t, locale, r }: { t: Translate; locale: Locale; r: Report }) {
  const hours = (n: number | null) => (n === null ? t("desk.reports.none") : t("desk.reports.hours", { n: n.toFixed(1) }));
  const byReason = r.byReason.map((x) => ({ name: t(`disputes.reason.${x.name}` as MessageKey), value: x.value }));
  const byRoot = r.byRootCause.map((x) => ({ name: t(`disputes.rootCause.${x.name}` as MessageKey), value: x.value }));
  return (
    <div className={s.stack}>
      <div>
        <h1>{t("desk.reports.title")}</h1>
        <p className={s.meta}>{t("desk.reports.intro")}</p>
      </div>
      <div className={s.kpis}>
        <Card title={t("desk.reports.total")} titleLevel={2}>
          <p className={s.kpi}>{r.total}</p>
        </Card>
        <Card title={t("desk.reports.ttfr")}>
          <p className={s.kpi}>{hours(r.medianHoursToFirstResponse)}</p>
        </Card>
        <Card title={t("desk.reports.ttr")}>
          <p className={s.kpi}>{hours(r.medianHoursToResolution)}</p>
        </Card>
        <Card title={t("desk.reports.breaches")}>
          <p className={s.kpi}>{r.slaBreaches}</p>
        </Card>
      </div>
      <Card title={t("desk.reports.weekly")}>
        <WeeklyChart data={r.weekly} labels={{ opened: t("desk.reports.opened"), resolved: t("desk.reports.resolved") }} />
      </Card>
      <div className={s.twoCol}>
        <Card title={t("desk.reports.byReason")}>
          {byReason.length ? (
            <BarByCategory data={byReason} label={t("desk.reports.count")} color="#1f4fd1" />
          ) : (
            <p className={s.meta}>{t("desk.reports.noData")}</p>
          )}
        </Card>
        <Card title={t("desk.reports.byRootCause")}>
          {byRoot.length ? (
            <BarByCategory data={byRoot} label={t("desk.reports.count")} color="#1e7d36" />
          ) : (
            <p className={s.meta}>{t("desk.reports.noData")}</p>
          )}
        </Card>
      </div>
      {r.creditedByCurrency.length === 0 ? (
        <Card title={t("desk.reports.credited")}>
          <p className={s.meta}>{t("desk.reports.noData")}</p>
        </Card>
      ) : (
        <Table caption={t("desk.reports.credited")}>
          <thead>
            <tr>
              <th scope="col">{t("desk.queue.currency")}</th>
              <th scope="col" data-numeric>
                {t("desk.customer.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.creditedByCurrency.map((c) => (
              <tr key={c.currency}>
                <td>{c.currency.toUpperCase()}</td>
                <td data-numeric>{formatMoney(c.amountMinor, c.currency, intlLocale(locale))}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Table caption={t("desk.reports.weekly")}>
        <thead>
          <tr>
            <th scope="col">{t("desk.reports.week")}</th>
            <th scope="col" data-numeric>
              {t("desk.reports.opened")}
            </th>
            <th scope="col" data-numeric>
              {t("desk.reports.resolved")}
            </th>
          </tr>
        </thead>
        <tbody>
          {r.weekly.map((w) => (
            <tr key={w.week}>
              <td>{w.week}</td>
              <td data-numeric>{w.opened}</td>
              <td data-numeric>{w.resolved}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
