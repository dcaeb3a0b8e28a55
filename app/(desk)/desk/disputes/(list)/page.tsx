import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, Button, ButtonLink, Card, EmptyState, Field, Table } from "@/components/ui";
import { SelectField } from "@/components/forms/FormControls";
import { tr } from "@/components/forms/FormMessage";
import s from "@/components/ui/layout.module.css";
import { slaTone, statusTone } from "@/components/disputes/status-tone";
import { loadDisputeQueue } from "@/features/disputes/page-data";
import { disputeReasons, formatDisputeNumber } from "@/features/disputes/reasons";
import type { QueueFilters } from "@/features/disputes/schemas";
import inbox from "@/components/desk/inbox.module.css";
import { formatDate, formatRelativeTime, intlLocale, translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.queue.title") };
}

type Search = Record<string, string | undefined>;
const keys = ["status", "reason", "assignee", "currency", "minAmount", "maxAmount", "sla"] as const;

export default async function QueuePage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const filters = Object.fromEntries(keys.filter((k) => sp[k]).map((k) => [k, sp[k]])) as QueueFilters;
  const [{ t, locale }, q] = await Promise.all([getT(), loadDisputeQueue(filters, sp.cursor ?? null)]);
  const statusLabel = (st: string) => (st === "WAITING_ON_CUSTOMER" ? t("desk.status.WAITING_ON_CUSTOMER") : t(`disputes.status.${st}` as MessageKey));
  const now = new Date();
  // "Mine" and "Unassigned" are the queue with one filter set; the rest of the filters stay as they are.
  const view = sp.assignee === "me" ? "me" : sp.assignee === "none" ? "none" : sp.assignee ? null : "all";
  const viewHref = (assignee: string | null) => {
    const rest = Object.fromEntries(Object.entries(filters as Record<string, string>).filter(([k]) => k !== "assignee"));
    const qs = new URLSearchParams({ ...rest, ...(assignee ? { assignee } : {}) }).toString();
    return qs ? `/desk/disputes?${qs}` : "/desk/disputes";
  };
  const nextHref = q.nextCursor ? `/desk/disputes?${new URLSearchParams({ ...(filters as Record<string, string>), cursor: q.nextCursor })}` : null;
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
              ["all", null, t("desk.queue.viewAll")],
              ["me", "me", t("desk.queue.viewMine")],
              ["none", "none", t("desk.queue.viewUnassigned")],
            ] as const
          ).map(([key, assignee, label]) => (
            <li key={key}>
              <Link href={viewHref(assignee)} className={inbox.view} aria-current={view === key ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Card title={t("desk.queue.filters")}>
        {/* Keyed by the filters: after a view link (client navigation) the selects show the new values, not the mounted ones. */}
        <form method="get" className={s.filters} key={JSON.stringify(filters)}>
          <SelectField label={t("desk.queue.status")} name="status" defaultValue={sp.status ?? ""}>
            <option value="">{t("desk.queue.active")}</option>
            {["OPEN", "IN_REVIEW", "WAITING_ON_CUSTOMER", "RESOLVED", "REJECTED"].map((st) => (
              <option key={st} value={st}>
                {statusLabel(st)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("desk.queue.reason")} name="reason" defaultValue={sp.reason ?? ""}>
            <option value="">{t("desk.queue.any")}</option>
            {disputeReasons.map((r) => (
              <option key={r} value={r}>
                {t(`disputes.reason.${r}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("desk.queue.assignee")} name="assignee" defaultValue={sp.assignee ?? ""}>
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
            defaultValue={sp.currency ?? ""}
            maxLength={3}
            autoComplete="off"
            error={tr(t, q.errors.currency)}
          />
          <Field label={t("desk.queue.minAmount")} name="minAmount" inputMode="decimal" defaultValue={sp.minAmount ?? ""} error={tr(t, q.errors.minAmount)} />
          <Field label={t("desk.queue.maxAmount")} name="maxAmount" inputMode="decimal" defaultValue={sp.maxAmount ?? ""} error={tr(t, q.errors.maxAmount)} />
          <SelectField label={t("desk.queue.sla")} name="sla" defaultValue={sp.sla ?? ""}>
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
      {q.rows.length === 0 ? (
        <Card>
          <EmptyState title={t("desk.queue.empty")} />
        </Card>
      ) : (
        <Table caption={t("desk.queue.caption")}>
          <thead>
            <tr>
              <th scope="col">{t("disputes.col.number")}</th>
              <th scope="col">{t("desk.queue.due")}</th>
              <th scope="col">{t("desk.queue.customer")}</th>
              <th scope="col">{t("disputes.col.reason")}</th>
              <th scope="col">{t("disputes.col.status")}</th>
              <th scope="col" data-numeric>
                {t("disputes.col.claimed")}
              </th>
              <th scope="col">{t("desk.queue.assigneeCol")}</th>
            </tr>
          </thead>
          <tbody>
            {q.rows.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link href={`/desk/disputes/${d.id}`}>
                    <span className={s.nowrap}>{formatDisputeNumber(d.number)}</span>
                  </Link>
                </td>
                <td>
                  <Badge tone={slaTone(d.sla)}>{t(`desk.sla.${d.sla}` as MessageKey)}</Badge>{" "}
                  {d.dueAt && (
                    <>
                      <span className={`${inbox.countdown} ${d.dueAt < now ? inbox.overdue : ""}`}>{formatRelativeTime(locale, d.dueAt, now)}</span>
                      <span className={s.meta}>{formatDate(locale, d.dueAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                    </>
                  )}
                </td>
                <td>{d.customer.name ?? d.customer.email ?? "—"}</td>
                <td>{t(`disputes.reason.${d.reason}` as MessageKey)}</td>
                <td>
                  <Badge tone={statusTone(d.status)}>{statusLabel(d.status)}</Badge>
                </td>
                <td data-numeric>{d.claimedMinor === 0n ? t("disputes.amountTbd") : formatMoney(d.claimedMinor, d.currency, intlLocale(locale))}</td>
                <td>{d.assignee ? (d.assignee.name ?? d.assignee.email) : <span className={s.meta}>{t("desk.queue.unassigned")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {nextHref && (
        <p>
          <Link href={nextHref}>{t("desk.queue.next")} →</Link>
        </p>
      )}
    </div>
  );
}
