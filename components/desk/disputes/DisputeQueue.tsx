import Link from "@/components/ui/Link";
import { Badge, Button, ButtonLink, Card, DataTable, EmptyState, Field } from "@/components/ui";
import { SelectField } from "@/components/forms/FormControls";
import { tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import { slaTone, statusTone } from "@/components/disputes/status-tone";
import inbox from "@/components/desk/inbox.module.css";
import type { loadDisputeQueuePage } from "@/features/disputes/page-data";
import { disputeReasons, formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, formatRelativeTime, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

// The dispute queue (/desk/disputes): views, filters and the list. The loader reads the filters
// from the address and builds the view and next-page links (features/disputes/page-data.ts).

type Queue = Awaited<ReturnType<typeof loadDisputeQueuePage>>;
type Props = { t: Translate; locale: Locale; q: Queue };

const statusLabelOf = (t: Translate) => (st: string) =>
  st === "WAITING_ON_CUSTOMER" ? t("desk.status.WAITING_ON_CUSTOMER") : t(`disputes.status.${st}` as MessageKey);

export function DisputeQueue({ t, locale, q }: Props) {
  return (
    <div className={s.stack}>
      <div className={s.actions} style={{ justifyContent: "space-between" }}>
        <div>
          <h1>{t("desk.queue.title")}</h1>
          <p className={s.meta}>{t("desk.queue.intro")}</p>
        </div>
        <div className={s.actions}>
          <ButtonLink href="/desk/reports">{t("desk.nav.reports")}</ButtonLink>
          <ButtonLink href="/desk/settings/canned-replies">{t("desk.nav.canned")}</ButtonLink>
        </div>
      </div>
      <nav aria-label={t("desk.queue.views")}>
        <ul className={inbox.views}>
          {(
            [
              ["all", t("desk.queue.viewAll")],
              ["me", t("desk.queue.viewMine")],
              ["none", t("desk.queue.viewUnassigned")],
            ] as const
          ).map(([key, label]) => (
            <li key={key}>
              <Link href={q.viewHrefs[key]} className={inbox.view} aria-current={q.view === key ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <QueueFilterForm t={t} q={q} />
      <QueueTable t={t} locale={locale} rows={q.rows} />
      {q.nextHref && (
        <p>
          <Link href={q.nextHref}>{t("desk.queue.next")} →</Link>
        </p>
      )}
    </div>
  );
}

function QueueFilterForm({ t, q }: { t: Translate; q: Queue }) {
  const statusLabel = statusLabelOf(t);
  return (
    <Card title={t("desk.queue.filters")}>
      {/* Keyed by the filters: after a view link (client navigation) the selects show the new values, not the mounted ones. */}
      <form method="get" className={s.filters} key={JSON.stringify(q.filters)}>
        <SelectField label={t("desk.queue.status")} name="status" defaultValue={q.filters.status ?? ""}>
          <option value="">{t("desk.queue.active")}</option>
          {["OPEN", "IN_REVIEW", "WAITING_ON_CUSTOMER", "RESOLVED", "REJECTED"].map((st) => (
            <option key={st} value={st}>
              {statusLabel(st)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("desk.queue.reason")} name="reason" defaultValue={q.filters.reason ?? ""}>
          <option value="">{t("desk.queue.any")}</option>
          {disputeReasons.map((r) => (
            <option key={r} value={r}>
              {t(`disputes.reason.${r}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("desk.queue.assignee")} name="assignee" defaultValue={q.filters.assignee ?? ""}>
          <option value="">{t("desk.queue.anyone")}</option>
          <option value="me">{t("desk.queue.me")}</option>
          <option value="none">{t("desk.queue.unassigned")}</option>
          {q.staff.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name ?? u.email}
            </option>
          ))}
        </SelectField>
        <Field
          label={t("desk.queue.currency")}
          name="currency"
          defaultValue={q.filters.currency ?? ""}
          maxLength={3}
          autoComplete="off"
          error={tr(t, q.errors.currency)}
        />
        <Field
          label={t("desk.queue.minAmount")}
          name="minAmount"
          inputMode="decimal"
          defaultValue={q.filters.minAmount ?? ""}
          error={tr(t, q.errors.minAmount)}
        />
        <Field
          label={t("desk.queue.maxAmount")}
          name="maxAmount"
          inputMode="decimal"
          defaultValue={q.filters.maxAmount ?? ""}
          error={tr(t, q.errors.maxAmount)}
        />
        <SelectField label={t("desk.queue.sla")} name="sla" defaultValue={q.filters.sla ?? ""}>
          <option value="">{t("desk.queue.any")}</option>
          <option value="breached">{t("desk.sla.breached")}</option>
          <option value="due_soon">{t("desk.sla.due_soon")}</option>
        </SelectField>
        <div className={s.actions} style={{ marginBottom: "var(--space-4)" }}>
          <Button type="submit">{t("desk.queue.apply")}</Button>
          <Link href="/desk/disputes">{t("desk.queue.reset")}</Link>
        </div>
      </form>
    </Card>
  );
}

function QueueTable({ t, locale, rows }: { t: Translate; locale: Locale; rows: Queue["rows"] }) {
  const statusLabel = statusLabelOf(t);
  const now = new Date();
  return (
    <DataTable
      caption={t("desk.queue.caption")}
      rows={rows}
      rowKey={(d) => d.id}
      empty={
        <Card>
          <EmptyState title={t("desk.queue.empty")} />
        </Card>
      }
      columns={[
        {
          header: t("disputes.col.number"),
          cell: (d) => (
            <Link href={`/desk/disputes/${d.id}`}>
              <span className={s.nowrap}>{formatDisputeNumber(d.number)}</span>
            </Link>
          ),
        },
        {
          header: t("desk.queue.due"),
          cell: (d) => (
            <>
              <Badge tone={slaTone(d.sla)}>{t(`desk.sla.${d.sla}` as MessageKey)}</Badge>{" "}
              {d.dueAt && (
                <>
                  <span className={`${inbox.countdown} ${d.dueAt < now ? inbox.overdue : ""}`}>{formatRelativeTime(locale, d.dueAt, now)}</span>
                  <span className={s.meta}>{formatDate(locale, d.dueAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                </>
              )}
            </>
          ),
        },
        { header: t("desk.queue.customer"), cell: (d) => d.customer.name ?? d.customer.email ?? "—" },
        { header: t("disputes.col.reason"), cell: (d) => t(`disputes.reason.${d.reason}` as MessageKey) },
        { header: t("disputes.col.status"), cell: (d) => <Badge tone={statusTone(d.status)}>{statusLabel(d.status)}</Badge> },
        {
          header: t("disputes.col.claimed"),
          numeric: true,
          cell: (d) => (d.claimedMinor === 0n ? t("disputes.amountTbd") : formatMoney(d.claimedMinor, d.currency, intlLocale(locale))),
        },
        {
          header: t("desk.queue.assigneeCol"),
          cell: (d) => (d.assignee ? (d.assignee.name ?? d.assignee.email) : <span className={s.meta}>{t("desk.queue.unassigned")}</span>),
        },
      ]}
    />
  );
}
