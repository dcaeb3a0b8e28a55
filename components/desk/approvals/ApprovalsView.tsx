import Link from "@/components/ui/Link";
import { Badge, Card, DataTable, EmptyState } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import type { loadPendingApprovals } from "@/features/corrections/reads/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, type Locale, type Translate } from "@/lib/i18n";
import { formatMoney, minorToDecimalString } from "@/lib/money";
import { AddThresholdForm, RemoveThresholdForm, ThresholdChangeDecision, ThresholdsForm } from "./ThresholdsForm";

// Approvals (/desk/approvals): corrections waiting for a lead, threshold changes waiting for a
// second one, and the approval thresholds with their forms.

type Approvals = Awaited<ReturnType<typeof loadPendingApprovals>>;

export function ApprovalsView({ t, locale, data: { rows, thresholds, thresholdChanges } }: { t: Translate; locale: Locale; data: Approvals }) {
  const major = (minor: bigint, currency: string) => formatMoney(minor, currency, intlLocale(locale));
  return (
    <div className={s.stack}>
      <h1>{t("desk.corrections.approvalsTitle")}</h1>
      <DataTable
        caption={t("desk.corrections.pendingCaption", { count: rows.length })}
        rows={rows}
        rowKey={(r) => r.id}
        empty={<EmptyState title={t("desk.corrections.noPending")} />}
        columns={[
          {
            header: t("desk.corrections.correction"),
            cell: (r) => (
              <Link href={`/desk/corrections/${r.id}`}>
                {t(r.kind === "refund" ? "desk.corrections.kind.refund" : "desk.corrections.kind.credit_note")} · {r.invoice.number ?? "—"}
              </Link>
            ),
          },
          {
            header: t("desk.corrections.disputeCol"),
            cell: (r) => (r.dispute ? <Link href={`/desk/disputes/${r.dispute.id}`}>{formatDisputeNumber(r.dispute.number)}</Link> : "—"),
          },
          { header: t("desk.dispute.amount"), numeric: true, cell: (r) => formatMoney(r.amountMinor, r.currency, intlLocale(locale)) },
          {
            header: t("desk.corrections.requester"),
            cell: (r) => (
              <>
                {r.requester?.name ?? r.requester?.email ?? "—"} {r.mine && <Badge tone="warning">{t("desk.corrections.yours")}</Badge>}
              </>
            ),
          },
          { header: t("desk.corrections.requestedAt"), cell: (r) => formatDate(locale, r.createdAt, { dateStyle: "medium", timeStyle: "short" }) },
        ]}
      />
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
