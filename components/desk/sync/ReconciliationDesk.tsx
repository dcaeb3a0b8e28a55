import Link from "@/components/ui/Link";
import { Badge, Card, EmptyState, Table, type BadgeTone } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import type { loadReconciliationDesk } from "@/features/stripe-sync/desk/page-data";
import { formatDate, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import x from "./sync.module.css";
import { AutoRefresh, ReconcileForm } from "./SyncForms";

// The reconciliation desk (/desk/sync/reconciliation): start a run, the runs so far, and the
// differences of the selected one (?run=<id>).

type Reconciliation = Awaited<ReturnType<typeof loadReconciliationDesk>>;

const tone: Record<string, BadgeTone> = { running: "info", clean: "success", differences: "warning", failed: "danger", abandoned: "neutral" };
const known = (t: Translate, prefix: string, value: string) => {
  const key = `${prefix}.${value}` as MessageKey;
  const out = t(key);
  return out === key ? value : out;
};

export function ReconciliationDesk({ t, locale, data }: { t: Translate; locale: Locale; data: Reconciliation }) {
  const when = (d: Date | null) => (d ? formatDate(locale, d, { dateStyle: "medium", timeStyle: "medium" }) : "—");
  const sel = data.selected;
  return (
    <div className={s.stack}>
      <AutoRefresh active={data.running} />
      <div>
        <h1>{t("desk.sync.reconTitle")}</h1>
        <p className={s.meta}>{t("desk.sync.reconIntro")}</p>
        <p className={s.meta} data-testid="recon-mode">
          <Badge tone={data.livemode ? "success" : "warning"}>{t(data.livemode ? "desk.sync.modeLive" : "desk.sync.modeTest")}</Badge>{" "}
          {t(data.livemode ? "desk.sync.reconModeLive" : "desk.sync.reconModeTest")}
        </p>
        <p>
          <Link href="/desk/sync">{t("desk.sync.toHealth")}</Link>
        </p>
      </div>
      <Card className={x.card}>
        <ReconcileForm locale={locale} />
      </Card>
      <Card className={x.card} title={t("desk.sync.runsTitle")}>
        {data.runs.length === 0 ? (
          <EmptyState title={t("desk.sync.runsEmpty")} headingLevel={3} />
        ) : (
          <Table caption={t("desk.sync.runsCaption")}>
            <thead>
              <tr>
                <th scope="col">{t("desk.sync.runStarted")}</th>
                <th scope="col">{t("desk.sync.runFinished")}</th>
                <th scope="col">{t("desk.sync.runStatus")}</th>
                <th scope="col">{t("desk.sync.runChecked")}</th>
                <th scope="col">{t("desk.sync.runDiffs")}</th>
              </tr>
            </thead>
            <tbody data-testid="reconciliation-runs">
              {data.runs.map((r) => (
                <tr key={r.id} aria-current={sel?.id === r.id ? "true" : undefined}>
                  <td className={s.nowrap}>
                    {r.finishedAt ? <Link href={`/desk/sync/reconciliation?run=${r.id}`}>{when(r.startedAt)}</Link> : when(r.startedAt)}
                  </td>
                  <td className={s.nowrap}>{when(r.finishedAt)}</td>
                  <td>
                    <Badge tone={tone[r.status]}>{t(`desk.sync.status.${r.status}` as MessageKey)}</Badge>
                  </td>
                  <td>{r.checked}</td>
                  <td>{r.differences}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {sel && (
        <Card className={x.card} title={t("desk.sync.diffsTitle", { date: when(sel.startedAt) })}>
          {data.diffs.length === 0 ? (
            <EmptyState title={sel.status === "failed" ? t("desk.sync.diffsFailed") : t("desk.sync.diffsEmpty")} headingLevel={3} />
          ) : (
            <>
              {data.diffs.length < sel.differences && (
                <p className={s.meta}>{t("desk.sync.diffsTruncated", { shown: data.diffs.length, total: sel.differences })}</p>
              )}
              <Table caption={t("desk.sync.diffsCaption")}>
                <thead>
                  <tr>
                    <th scope="col">{t("desk.sync.diffObject")}</th>
                    <th scope="col">{t("desk.sync.diffField")}</th>
                    <th scope="col">{t("desk.sync.ours")}</th>
                    <th scope="col">{t("desk.sync.theirs")}</th>
                  </tr>
                </thead>
                <tbody data-testid="reconciliation-diffs">
                  {data.diffs.map((d) => (
                    <tr key={d.id}>
                      <td>
                        {known(t, "desk.sync.entity", d.entityType)}
                        <br />
                        <code className={s.meta}>{d.stripeId}</code>
                      </td>
                      <td>{known(t, "desk.sync.field", d.field)}</td>
                      <td>
                        <code>{d.settleValue ?? "—"}</code>
                      </td>
                      <td>
                        <code>{d.stripeValue ?? "—"}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          )}
        </Card>
      )}
    </div>
  );
}
