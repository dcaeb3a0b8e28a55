import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Alert, Button, Card, EmptyState, Field, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { loadAuditLog } from "@/features/desk/page-data";
import { formatDate, translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.audit.title") };
}

const keys = ["action", "entityType", "entityId", "from", "to"] as const;
const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v).replace(/","/g, '", "').replace(/":/g, '": '));

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const filters = Object.fromEntries(keys.filter((k) => sp[k]).map((k) => [k, sp[k]]));
  const [{ t, locale }, log] = await Promise.all([getT(), loadAuditLog(filters, sp.cursor ?? null)]);
  const next = log.nextCursor ? `/desk/audit?${new URLSearchParams({ ...(filters as Record<string, string>), cursor: log.nextCursor })}` : null;
  return (
    <div className={s.stack}>
      <div>
        <h1>{t("desk.audit.title")}</h1>
        <p className={s.meta}>{t("desk.audit.intro")}</p>
      </div>
      <Card title={t("desk.queue.filters")}>
        <form method="get" className={s.filters}>
          <Field label={t("desk.audit.action")} name="action" defaultValue={sp.action ?? ""} placeholder="dispute." />
          <Field label={t("desk.audit.entityType")} name="entityType" defaultValue={sp.entityType ?? ""} />
          <Field label={t("desk.audit.entityId")} name="entityId" defaultValue={sp.entityId ?? ""} />
          <Field label={t("desk.audit.from")} name="from" type="date" defaultValue={sp.from ?? ""} />
          <Field label={t("desk.audit.to")} name="to" type="date" defaultValue={sp.to ?? ""} />
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
      {log.rows.length === 0 ? (
        <Card>
          <EmptyState title={t("desk.audit.empty")} />
        </Card>
      ) : (
        <Table caption={t("desk.audit.caption")}>
          <thead>
            <tr>
              <th scope="col">{t("desk.audit.at")}</th>
              <th scope="col">{t("desk.audit.actor")}</th>
              <th scope="col">{t("desk.audit.actionCol")}</th>
              <th scope="col">{t("desk.audit.entity")}</th>
              <th scope="col">{t("desk.audit.change")}</th>
              <th scope="col">{t("desk.audit.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {log.rows.map((r) => (
              <tr key={r.id}>
                <td>{formatDate(locale, r.at, { dateStyle: "medium", timeStyle: "medium" })}</td>
                <td>{r.actorEmail ?? r.actorLabel}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  {r.entityType === "dispute" ? (
                    <Link href={`/desk/disputes/${r.entityId}`}>
                      {r.entityType} {r.entityId}
                    </Link>
                  ) : (
                    `${r.entityType} ${r.entityId}`
                  )}
                </td>
                <td>
                  <pre className={s.pre}>
                    {json(r.before)}
                    {r.before && r.after ? "\n→\n" : ""}
                    {json(r.after)}
                  </pre>
                </td>
                <td>{r.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {next && (
        <p>
          <Link href={next}>{t("desk.audit.older")} →</Link>
        </p>
      )}
    </div>
  );
}
