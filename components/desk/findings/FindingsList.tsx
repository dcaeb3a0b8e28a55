import Link from "@/components/ui/Link";
import { Badge, Button, Card, DataTable, EmptyState } from "@/components/ui";
import { severityTone } from "@/components/disputes/status-tone";
import { SelectField } from "@/components/forms/FormControls";
import s from "@/components/ui/layout.module.css";
import { describeFinding, findingRuleLabel, findingSeverityLabel, findingStatusLabel } from "@/features/billing-audit/describe-finding";
import type { loadFindingsPage } from "@/features/billing-audit/page-data";
import { RULE_IDS } from "@/features/billing-audit/rules";
import { formatDate, type Locale, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

// The billing audit's findings (/desk/findings): money at stake, filters and the list; the
// loader reads the filters and builds the next page's link.

type Findings = Awaited<ReturnType<typeof loadFindingsPage>>;

export function FindingsList({ t, locale, data }: { t: Translate; locale: Locale; data: Findings }) {
  const f = data.filters;
  const describe = (r: (typeof data.rows)[number]) =>
    describeFinding({ ...r, invoiceNumber: r.invoice?.number ?? r.invoice?.stripeId ?? null }, { t, locale, lineNumber: (id) => data.lineNumbers[id] ?? null });
  return (
    <div className={s.stack}>
      <div>
        <h1>{t("audit.findings.title")}</h1>
        <p className={s.meta}>{t("audit.findings.intro")}</p>
      </div>
      <Card title={t("audit.findings.atStake")}>
        <p>{data.atStake.length ? data.atStake.map((a) => `${formatMoney(a.amountMinor, a.currency, locale)} (${a.count})`).join(" · ") : "—"}</p>
      </Card>
      <Card title={t("audit.findings.filters")}>
        <form method="get" className={s.filters}>
          <SelectField label={t("audit.findings.rule")} name="rule" defaultValue={f.rule ?? ""}>
            <option value="">{t("audit.findings.any")}</option>
            {RULE_IDS.map((r) => (
              <option key={r} value={r}>
                {findingRuleLabel(t, r)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("audit.findings.severity")} name="severity" defaultValue={f.severity ?? ""}>
            <option value="">{t("audit.findings.any")}</option>
            {["CRITICAL", "HIGH", "MEDIUM", "LOW"].map((v) => (
              <option key={v} value={v}>
                {findingSeverityLabel(t, v)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("audit.findings.status")} name="status" defaultValue={f.status ?? ""}>
            <option value="">{t("audit.findings.any")}</option>
            {["OPEN", "CONFIRMED", "CORRECTED", "DISMISSED", "RESOLVED"].map((v) => (
              <option key={v} value={v}>
                {findingStatusLabel(t, v)}
              </option>
            ))}
          </SelectField>
          <div className={s.actions}>
            <Button type="submit">{t("audit.findings.apply")}</Button>
          </div>
        </form>
      </Card>
      <DataTable
        caption={t("audit.findings.caption")}
        rows={data.rows}
        rowKey={(r) => r.id}
        empty={
          <Card>
            <EmptyState title={t("audit.findings.empty")} />
          </Card>
        }
        columns={[
          {
            header: t("audit.findings.summary"),
            cell: (r) => (
              <>
                <Link href={`/desk/findings/${r.id}`}>{describe(r).title}</Link>
                <br />
                <span className={s.meta}>{findingRuleLabel(t, r.rule)}</span>
              </>
            ),
          },
          { header: t("audit.findings.severity"), cell: (r) => <Badge tone={severityTone(r.severity)}>{findingSeverityLabel(t, r.severity)}</Badge> },
          { header: t("audit.findings.status"), cell: (r) => findingStatusLabel(t, r.status) },
          { header: t("audit.findings.invoice"), cell: (r) => r.invoice?.number ?? r.invoice?.stripeId ?? "—" },
          { header: t("audit.findings.amount"), cell: (r) => (r.currency ? formatMoney(r.amountAtStakeMinor, r.currency, locale) : "—") },
          { header: t("audit.findings.detected"), cell: (r) => formatDate(locale, r.detectedAt) },
        ]}
      />
      {data.nextHref && <Link href={data.nextHref}>{t("audit.findings.next")}</Link>}
    </div>
  );
}
