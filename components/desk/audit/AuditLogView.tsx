import Link from "@/components/ui/Link";
import { Alert, Button, Card, DataTable, EmptyState, Field } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import type { loadAuditLogPage } from "@/features/desk/page-data";
import { formatDate, type Locale, type Translate } from "@/lib/i18n";

// The audit log (/desk/audit): filters and the entries, newest first; the loader reads the
// filters from the address and builds the link to older entries.

type AuditLog = Awaited<ReturnType<typeof loadAuditLogPage>>;

const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v).replace(/","/g, '", "').replace(/":/g, '": '));

export function AuditLogView({ t, locale, log }: { t: Translate; locale: Locale; log: AuditLog }) {
  return (
    <div className={s.stack}>
      <div>
        <h1>{t("desk.audit.title")}</h1>
        <p className={s.meta}>{t("desk.audit.intro")}</p>
      </div>
      <Card title={t("desk.queue.filters")}>
        <form method="get" className={s.filters}>
          <Field label={t("desk.audit.action")} name="action" defaultValue={log.filters.action ?? ""} placeholder="dispute." />
          <Field label={t("desk.audit.entityType")} name="entityType" defaultValue={log.filters.entityType ?? ""} />
          <Field label={t("desk.audit.entityId")} name="entityId" defaultValue={log.filters.entityId ?? ""} />
          <Field label={t("desk.audit.from")} name="from" type="date" defaultValue={log.filters.from ?? ""} />
          <Field label={t("desk.audit.to")} name="to" type="date" defaultValue={log.filters.to ?? ""} />
          <div className={s.actions} style={{ marginBottom: "var(--space-4)" }}>
            <Button type="submit">{t("desk.queue.apply")}</Button>
            <Link href="/desk/audit">{t("desk.queue.reset")}</Link>
          </div>
        </form>
      </Card>
      {log.invalid && (
        <Alert tone="danger">
          <p>{t("disputes.err.filters")}</p>
        </Alert>
      )}
      <DataTable
        caption={t("desk.audit.caption")}
        rows={log.rows}
        rowKey={(r) => String(r.id)}
        empty={
          <Card>
            <EmptyState title={t("desk.audit.empty")} />
          </Card>
        }
        columns={[
          { header: t("desk.audit.at"), cell: (r) => formatDate(locale, r.at, { dateStyle: "medium", timeStyle: "medium" }) },
          { header: t("desk.audit.actor"), cell: (r) => r.actorEmail ?? r.actorLabel },
          { header: t("desk.audit.actionCol"), cell: (r) => <code>{r.action}</code> },
          {
            header: t("desk.audit.entity"),
            cell: (r) =>
              r.entityType === "dispute" ? (
                <Link href={`/desk/disputes/${r.entityId}`}>
                  {r.entityType} {r.entityId}
                </Link>
              ) : (
                `${r.entityType} ${r.entityId}`
              ),
          },
          {
            header: t("desk.audit.change"),
            cell: (r) => (
              <pre className={s.pre}>
                {json(r.before)}
                {r.before && r.after ? "\n→\n" : ""}
                {json(r.after)}
              </pre>
            ),
          },
          { header: t("desk.audit.reason"), cell: (r) => r.reason ?? "" },
        ]}
      />
      {log.nextHref && (
        <p>
          <Link href={log.nextHref}>{t("desk.audit.older")} →</Link>
        </p>
      )}
    </div>
  );
}
