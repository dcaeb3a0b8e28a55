import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, Card, EmptyState, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { loadPendingApprovals } from "@/features/corrections/reads/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney, minorToDecimalString } from "@/lib/money";
import { AddThresholdForm, RemoveThresholdForm, ThresholdChangeDecision, ThresholdsForm } from "./ThresholdsForm";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.corrections.approvalsTitle") };
}

export default async function ApprovalsPage() {
  const [{ t, locale }, { rows, thresholds, thresholdChanges }] = await Promise.all([getT(), loadPendingApprovals()]);
  const major = (minor: bigint, currency: string) => formatMoney(minor, currency, intlLocale(locale));
  return (
    <div className={s.stack}>
      <h1>{t("desk.corrections.approvalsTitle")}</h1>
      {rows.length === 0 ? (
        <EmptyState title={t("desk.corrections.noPending")} />
      ) : (
        <Table caption={t("desk.corrections.pendingCaption", { count: rows.length })}>
          <thead>
            <tr>
              <th scope="col">{t("desk.corrections.correction")}</th>
              <th scope="col">{t("desk.corrections.disputeCol")}</th>
              <th scope="col" data-numeric>
                {t("desk.dispute.amount")}
              </th>
              <th scope="col">{t("desk.corrections.requester")}</th>
              <th scope="col">{t("desk.corrections.requestedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/desk/corrections/${r.id}`}>
                    {t(r.kind === "refund" ? "desk.corrections.kind.refund" : "desk.corrections.kind.credit_note")} · {r.invoice.number ?? "—"}
                  </Link>
                </td>
                <td>{r.dispute ? <Link href={`/desk/disputes/${r.dispute.id}`}>{formatDisputeNumber(r.dispute.number)}</Link> : "—"}</td>
                <td data-numeric>{formatMoney(r.amountMinor, r.currency, intlLocale(locale))}</td>
                <td>
                  {r.requester?.name ?? r.requester?.email ?? "—"} {r.mine && <Badge tone="warning">{t("desk.corrections.yours")}</Badge>}
                </td>
                <td>{formatDate(locale, r.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {thresholdChanges.length > 0 && (
        <Card title={t("desk.corrections.thresholdChanges", { count: thresholdChanges.length })}>
          <div className={s.stack}>
            {thresholdChanges.map((c) => (
              <ThresholdChangeDecision
                key={c.id}
                locale={locale}
                change={{
                  id: c.id,
                  currency: c.currency,
                  from: c.fromMinor === null ? null : major(c.fromMinor, c.currency),
                  to: major(c.toMinor, c.currency),
                  requester: c.requester?.name ?? c.requester?.email ?? "—",
                  reason: c.reason,
                  mine: c.mine,
                  requestedAt: formatDate(locale, c.createdAt, { dateStyle: "medium", timeStyle: "short" }),
                }}
              />
            ))}
          </div>
        </Card>
      )}
      <Card title={t("desk.corrections.thresholds")}>
        <p className={s.meta}>{t("desk.corrections.thresholdsHint")}</p>
        <ThresholdsForm locale={locale} rows={thresholds.map((x) => ({ currency: x.currency, amount: minorToDecimalString(x.amount, x.currency) }))} />
      </Card>
      <div className={s.twoCol}>
        <Card>
          <AddThresholdForm locale={locale} />
        </Card>
        <Card>
          <RemoveThresholdForm locale={locale} currencies={thresholds.map((x) => x.currency)} />
        </Card>
      </div>
    </div>
  );
}
