import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, Button, Card, EmptyState, Table } from "@/components/ui";
import { severityTone } from "@/components/disputes/status-tone";
import { SelectField } from "@/components/forms/FormControls";
import s from "@/components/ui/layout.module.css";
import { assertStaff } from "@/features/auth/actor";
import { getSessionUser } from "@/features/auth/get-session-user";
import { loadFindings } from "@/features/billing-audit/page-data";
import { RULE_IDS } from "@/features/billing-audit/rules";
import { describeFinding, findingRuleLabel, findingSeverityLabel, findingStatusLabel } from "@/features/billing-audit/describe-finding";
import { formatDate, translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "audit.findings.title") };
}

const tone = severityTone;

export default async function FindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const [{ t, locale }, data] = await Promise.all([getT(), loadFindings(assertStaff(await getSessionUser(), "AGENT"), sp)]);
  const f = data.filters;
  const describe = (r: (typeof data.rows)[number]) =>
    describeFinding({ ...r, invoiceNumber: r.invoice?.number ?? r.invoice?.stripeId ?? null }, { t, locale, lineNumber: (id) => data.lineNumbers[id] ?? null });
  const next = data.nextCursor
    ? `/desk/findings?${new URLSearchParams({ ...(f.rule ? { rule: f.rule } : {}), ...(f.severity ? { severity: f.severity } : {}), ...(f.status ? { status: f.status } : {}), cursor: data.nextCursor })}`
    : null;
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
      {data.rows.length === 0 ? (
        <Card>
          <EmptyState title={t("audit.findings.empty")} />
        </Card>
      ) : (
        <Table caption={t("audit.findings.caption")}>
          <thead>
            <tr>
              <th scope="col">{t("audit.findings.summary")}</th>
              <th scope="col">{t("audit.findings.severity")}</th>
              <th scope="col">{t("audit.findings.status")}</th>
              <th scope="col">{t("audit.findings.invoice")}</th>
              <th scope="col">{t("audit.findings.amount")}</th>
              <th scope="col">{t("audit.findings.detected")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/desk/findings/${r.id}`}>{describe(r).title}</Link>
                  <br />
                  <span className={s.meta}>{findingRuleLabel(t, r.rule)}</span>
                </td>
                <td>
                  <Badge tone={tone(r.severity)}>{findingSeverityLabel(t, r.severity)}</Badge>
                </td>
                <td>{findingStatusLabel(t, r.status)}</td>
                <td>{r.invoice?.number ?? r.invoice?.stripeId ?? "—"}</td>
                <td>{r.currency ? formatMoney(r.amountAtStakeMinor, r.currency, locale) : "—"}</td>
                <td>{formatDate(locale, r.detectedAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {next && <Link href={next}>{t("audit.findings.next")}</Link>}
    </div>
  );
}
