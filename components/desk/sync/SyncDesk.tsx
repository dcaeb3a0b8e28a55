import { resourceLabel } from "@/features/billing-display/labels";
import type { SyncDesk as SyncDeskData } from "@/features/stripe-sync/desk/get-sync-desk";
import Link from "@/components/ui/Link";
import { Alert, Badge, Card, DataTable, EmptyState, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { formatDate, intlLocale, type Locale, type Translate } from "@/lib/i18n";
import x from "./sync.module.css";
import { AutoRefresh, ResyncForm, RetryEventForm } from "./SyncForms";

// The sync desk (/desk/sync): the inbox's health, Stripe's API budget, failed events and the
// resync. The page loads the data (features/stripe-sync/desk/page-data.ts) and renders this.

type Props = { t: Translate; locale: Locale; desk: SyncDeskData };
type When = (d: Date | string | null) => string;

/** "42 s", "7 min", "3 h", "2 d": the age of the oldest unprocessed event at a glance. */
function formatAge(t: Translate, seconds: number): string {
  if (seconds < 120) return t("desk.sync.ageS", { n: seconds });
  if (seconds < 2 * 3600) return t("desk.sync.ageMin", { n: Math.floor(seconds / 60) });
  if (seconds < 2 * 86400) return t("desk.sync.ageH", { n: Math.floor(seconds / 3600) });
  return t("desk.sync.ageD", { n: Math.floor(seconds / 86400) });
}

export function SyncDesk({ t, locale, desk }: Props) {
  const { health: h, resync, mode } = desk;
  const when: When = (d) => (d ? formatDate(locale, d, { dateStyle: "medium", timeStyle: "medium" }) : t("desk.sync.never"));
  return (
    <div className={s.stack}>
      <AutoRefresh active={resync.running || resync.pendingSnapshots > 0} />
      <div>
        <h1>{t("desk.sync.title")}</h1>
        <p className={s.meta}>{t("desk.sync.intro")}</p>
        <p>
          <Link href="/desk/sync/reconciliation">{t("desk.sync.toReconciliation")}</Link>
        </p>
      </div>
      <div data-testid="sync-mode">
        <p>
          {t("desk.sync.modeLabel")}:{" "}
          <Badge tone={mode.livemode ? "success" : "warning"}>{t(mode.livemode ? "desk.sync.modeLive" : "desk.sync.modeTest")}</Badge>
        </p>
        <p className={s.meta}>{t(mode.livemode ? "desk.sync.modeNoteLive" : "desk.sync.modeNoteTest")}</p>
        {mode.otherModeInvoices > 0 && <p className={s.meta}>{t("desk.sync.otherModeInvoices", { n: mode.otherModeInvoices })}</p>}
      </div>
      {h.database === "down" && (
        <Alert tone="danger">
          <p>{t("desk.sync.dbDown")}</p>
        </Alert>
      )}
      <SyncHealth t={t} health={h} when={when} />
      <ApiBudget t={t} locale={locale} apiBudget={desk.apiBudget} />
      <FailedEvents t={t} locale={locale} failed={desk.failed} when={when} />
      <Resync t={t} locale={locale} resync={resync} canResync={desk.canResync} when={when} />
    </div>
  );
}

function SyncHealth({ t, health: h, when }: { t: Translate; health: SyncDeskData["health"]; when: When }) {
  const recon = h.lastReconciliation;
  return (
    <Card className={x.card} title={t("desk.sync.health")}>
      <dl className={`${s.kpis} ${x.figures}`} data-testid="sync-health">
        <div>
          <dt className={s.meta}>{t("desk.sync.backlog")}</dt>
          <dd className={s.kpi} data-testid="sync-backlog">
            {h.backlog ?? "—"}
          </dd>
        </div>
        <div>
          <dt className={s.meta}>{t("desk.sync.oldest")}</dt>
          <dd className={s.kpi} data-testid="sync-oldest">
            {h.oldestUnprocessedAgeSeconds === null ? t("desk.sync.none") : formatAge(t, h.oldestUnprocessedAgeSeconds)}
          </dd>
        </div>
        <div>
          <dt className={s.meta}>{t("desk.sync.failedCount")}</dt>
          <dd className={s.kpi} data-testid="sync-failed">
            {h.failedEvents ?? "—"}
          </dd>
        </div>
        <div>
          <dt className={s.meta}>{t("desk.sync.lastEvent")}</dt>
          <dd data-testid="sync-last-event">{when(h.lastEventReceivedAt)}</dd>
        </div>
        <div>
          <dt className={s.meta}>{t("desk.sync.lastReconciliation")}</dt>
          <dd data-testid="sync-last-reconciliation">
            {recon ? (
              <>
                {when(recon.at)}{" "}
                {recon.error ? (
                  <Badge tone="danger">{t("desk.sync.status.failed")}</Badge>
                ) : recon.differences > 0 ? (
                  <Badge tone="warning">{t("desk.sync.reconDiffs", { n: recon.differences })}</Badge>
                ) : (
                  <Badge tone="success">{t("desk.sync.status.clean")}</Badge>
                )}
              </>
            ) : (
              t("desk.sync.never")
            )}
          </dd>
        </div>
      </dl>
    </Card>
  );
}

function ApiBudget({ t, locale, apiBudget }: { t: Translate; locale: Locale; apiBudget: SyncDeskData["apiBudget"] }) {
  const num = new Intl.NumberFormat(intlLocale(locale));
  const pct = new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 0 });
  return (
    <Card className={x.card} title={t("desk.sync.budget.title")}>
      <div data-testid="sync-api-budget">
        {apiBudget.limits ? (
          <p className={s.meta}>
            {t("desk.sync.budget.intro", {
              global: apiBudget.limits.globalPerSecond,
              endpoint: apiBudget.limits.endpointPerSecond,
              sync: apiBudget.limits.sync,
              bulk: apiBudget.limits.bulk,
            })}
          </p>
        ) : (
          <p className={s.meta}>{t("desk.sync.budget.off")}</p>
        )}
        <dl className={`${s.kpis} ${x.figures}`}>
          <div>
            <dt className={s.meta}>{t("desk.sync.budget.throttledWaiting")}</dt>
            <dd className={s.kpi} data-testid="sync-throttled">
              {num.format(apiBudget.throttledWaiting)}
            </dd>
          </div>
          <div>
            <dt className={s.meta}>{t("desk.sync.budget.rateLimitedHere")}</dt>
            <dd className={s.kpi} data-testid="sync-rate-limited">
              {num.format(apiBudget.rateLimitedHere)}
            </dd>
          </div>
        </dl>
        {apiBudget.buckets.length > 0 && (
          <Table caption={t("desk.sync.budget.caption")}>
            <thead>
              <tr>
                <th scope="col">{t("desk.sync.budget.bucket")}</th>
                <th scope="col" data-numeric>
                  {t("desk.sync.budget.perSecond")}
                </th>
                <th scope="col" data-numeric>
                  {t("desk.sync.budget.inUse")}
                </th>
                <th scope="col" data-numeric>
                  {t("desk.sync.budget.granted")}
                </th>
              </tr>
            </thead>
            <tbody>
              {apiBudget.buckets.map((b) => (
                <tr key={`${b.name}:${b.endpoint ?? ""}`}>
                  <th scope="row">
                    {b.endpoint ? <code>{b.endpoint}</code> : t(`desk.sync.budget.bucket.${b.name as "global" | "sync" | "bulk" | "background"}`)}
                  </th>
                  <td data-numeric>{num.format(b.perSecond)}</td>
                  <td data-numeric>{pct.format(b.inUse)}</td>
                  <td data-numeric>{num.format(b.granted)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
    </Card>
  );
}

function FailedEvents({ t, locale, failed, when }: { t: Translate; locale: Locale; failed: SyncDeskData["failed"]; when: When }) {
  return (
    <Card className={x.card} title={t("desk.sync.failedTitle")}>
      {failed.length === 0 ? (
        <EmptyState title={t("desk.sync.failedEmpty")} headingLevel={3} />
      ) : (
        <DataTable
          caption={t("desk.sync.failedCaption")}
          rows={failed}
          rowKey={(e) => e.id}
          rowProps={(e) => ({ "data-testid": `failed-${e.id}` })}
          columns={[
            {
              header: t("desk.sync.event"),
              cell: (e) => (
                <>
                  <code>{e.type}</code>
                  <br />
                  <span className={s.meta}>{e.id}</span>
                  <br />
                  <span className={s.meta}>
                    {t("desk.sync.object")}: {e.objectId ?? "—"}
                  </span>
                </>
              ),
            },
            { header: t("desk.sync.attempts"), cell: (e) => e.attempts },
            { header: t("desk.sync.error"), cell: (e) => <pre className={x.error}>{e.lastError ?? "—"}</pre> },
            { header: t("desk.sync.received"), cell: (e) => when(e.receivedAt), className: s.nowrap },
            { header: t("desk.sync.action"), cell: (e) => <RetryEventForm locale={locale} eventId={e.id} /> },
          ]}
        />
      )}
    </Card>
  );
}

function Resync({ t, locale, resync, canResync, when }: { t: Translate; locale: Locale; resync: SyncDeskData["resync"]; canResync: boolean; when: When }) {
  const interrupted = !resync.running && resync.cursors.some((c) => !c.completedAt);
  return (
    <Card className={x.card} title={t("desk.sync.resyncTitle")}>
      <p>{t("desk.sync.resyncIntro")}</p>
      <p data-testid="resync-state">
        <Badge tone={resync.running ? "info" : interrupted ? "warning" : "neutral"}>
          {resync.running ? t("desk.sync.resyncStateRunning") : interrupted ? t("desk.sync.interrupted") : t("desk.sync.resyncStateIdle")}
        </Badge>{" "}
        <span className={s.meta}>{t("desk.sync.pendingSnapshots", { n: resync.pendingSnapshots })}</span>
      </p>
      {resync.lastError && (
        <Alert tone="danger">
          <p>{t("desk.sync.resyncFailed", { error: resync.lastError })}</p>
        </Alert>
      )}
      {canResync ? (
        <ResyncForm locale={locale} disabled={resync.running} />
      ) : (
        <Alert tone="info">
          <p>{t("desk.sync.resyncLeadsOnly")}</p>
        </Alert>
      )}
      {(resync.running || resync.pendingSnapshots > 0) && <p className={s.meta}>{t("desk.sync.autoRefresh")}</p>}
      {resync.cursors.length === 0 ? (
        <p className={s.meta}>{t("desk.sync.cursorsEmpty")}</p>
      ) : (
        <Table caption={t("desk.sync.cursorsCaption")}>
          <thead>
            <tr>
              <th scope="col">{t("desk.sync.resource")}</th>
              <th scope="col">{t("desk.sync.cursor")}</th>
              <th scope="col">{t("desk.sync.started")}</th>
              <th scope="col">{t("desk.sync.completed")}</th>
            </tr>
          </thead>
          <tbody>
            {resync.cursors.map((c) => (
              <tr key={c.resource}>
                <td>{resourceLabel(t, c.resource)}</td>
                <td>
                  <code>{c.cursor ?? "—"}</code>
                </td>
                <td className={s.nowrap}>{when(c.startedAt)}</td>
                <td className={s.nowrap}>{c.completedAt ? when(c.completedAt) : resync.running ? t("desk.sync.inProgress") : t("desk.sync.interrupted")}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
