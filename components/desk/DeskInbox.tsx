import type { ReactNode } from "react";
import Link from "@/components/ui/Link";
import { Badge, Card, EmptyState } from "@/components/ui";
import { severityTone, slaTone } from "@/components/disputes/status-tone";
import { describeFinding, findingSeverityLabel } from "@/features/billing-audit/describe-finding";
import type { loadDeskInbox } from "@/features/desk/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatRelativeTime, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import inbox from "./inbox.module.css";

// The desk's home (/desk): what waits for this person (their disputes, unassigned ones,
// approvals, SLA breaches, open findings), each a card with a link to the full list.

type Inbox = Awaited<ReturnType<typeof loadDeskInbox>>;

export function DeskInbox({ t, locale, box }: { t: Translate; locale: Locale; box: Inbox }) {
  type Row = (typeof box.mine.rows)[number];
  const due = (r: Row) => (r.dueAt ? formatRelativeTime(locale, r.dueAt, box.now) : "—");
  const disputeItem = (r: Row) => (
    <li key={r.id} className={inbox.item}>
      <Link href={`/desk/disputes/${r.id}`} className={inbox.number}>
        {formatDisputeNumber(r.number)}
      </Link>
      <span>{r.customer.name ?? r.customer.email ?? "—"}</span>
      <span className={inbox.muted}>{t(`disputes.reason.${r.reason}` as MessageKey)}</span>
      <Badge tone={slaTone(r.sla)}>{t(`desk.sla.${r.sla}` as MessageKey)}</Badge>
      <span className={inbox.muted}>{t("desk.inbox.due", { when: due(r) })}</span>
    </li>
  );
  const section = (key: string, title: string, count: number, body: ReactNode, empty: string, more?: { href: string; label: string }) => (
    <Card title={`${title} (${count})`}>
      <div data-testid={`inbox-${key}`}>
        {count === 0 ? <p className={inbox.muted}>{empty}</p> : body}
        {more && count > 0 && (
          <p className={inbox.more}>
            <Link href={more.href}>{more.label}</Link>
          </p>
        )}
      </div>
    </Card>
  );
  type FindingRow = (typeof box.findings.rows)[number];
  const findingTitle = (f: FindingRow) =>
    describeFinding(
      { ...f, invoiceNumber: f.invoice?.number ?? f.invoice?.stripeId ?? null },
      { t, locale, lineNumber: (id) => box.findings.lineNumbers[id] ?? null },
    ).title;
  return (
    <div className={inbox.page}>
      <div>
        <h1>{t("desk.title")}</h1>
        <p className={inbox.intro}>{t("desk.inbox.intro")}</p>
      </div>
      {box.nothingWaits && (
        <Card>
          <EmptyState title={t("desk.emptyTitle")}>
            <p>{t("desk.emptyBody")}</p>
          </EmptyState>
        </Card>
      )}
      <div className={inbox.lists}>
        {section("mine", t("desk.inbox.mine"), box.mine.count, <ul className={inbox.list}>{box.mine.rows.map(disputeItem)}</ul>, t("desk.inbox.mineEmpty"), {
          href: "/desk/disputes?assignee=me",
          label: t("desk.inbox.allMine"),
        })}
        {section(
          "unassigned",
          t("desk.inbox.unassigned"),
          box.unassigned.count,
          <ul className={inbox.list}>{box.unassigned.rows.map(disputeItem)}</ul>,
          t("desk.inbox.unassignedEmpty"),
          { href: "/desk/disputes?assignee=none", label: t("desk.inbox.allUnassigned") },
        )}
        {box.canApprove &&
          section(
            "approvals",
            t("desk.inbox.approvals"),
            box.approvals.count,
            <ul className={inbox.list}>
              {box.approvals.rows.map((c) => (
                <li key={c.id} className={inbox.item}>
                  <Link href={`/desk/corrections/${c.id}`} className={inbox.number}>
                    {t(c.kind === "refund" ? "desk.corrections.kind.refund" : "desk.corrections.kind.credit_note")} ·{" "}
                    {formatMoney(c.amountMinor, c.currency, intlLocale(locale))}
                  </Link>
                  {c.dispute && <span className={inbox.muted}>{formatDisputeNumber(c.dispute.number)}</span>}
                  <span className={inbox.muted}>{t("desk.inbox.requested", { when: formatRelativeTime(locale, c.createdAt, box.now) })}</span>
                </li>
              ))}
            </ul>,
            t("desk.inbox.approvalsEmpty"),
            { href: "/desk/approvals", label: t("desk.inbox.allApprovals") },
          )}
        {section("sla", t("desk.inbox.sla"), box.sla.count, <ul className={inbox.list}>{box.sla.rows.map(disputeItem)}</ul>, t("desk.inbox.slaEmpty"), {
          href: "/desk/disputes?sla=breached",
          label: t("desk.inbox.allBreached"),
        })}
        {box.canActOnFindings &&
          section(
            "findings",
            t("desk.inbox.findings"),
            box.findings.count,
            <>
              <p className={inbox.severities}>
                {box.findings.bySeverity
                  .filter((c) => c.count > 0)
                  .map((c) => (
                    <Link key={c.severity} href={`/desk/findings?status=OPEN&severity=${c.severity}`}>
                      <Badge tone={severityTone(c.severity)}>
                        {t("desk.inbox.findingsBySeverity", { severity: findingSeverityLabel(t, c.severity), count: c.count })}
                      </Badge>
                    </Link>
                  ))}
              </p>
              <ul className={inbox.list}>
                {box.findings.rows.map((f) => (
                  <li key={f.id} className={inbox.item}>
                    <Link href={`/desk/findings/${f.id}`} className={inbox.title}>
                      {findingTitle(f)}
                    </Link>
                    <span>{f.customer?.name ?? f.customer?.email ?? "—"}</span>
                    <Badge tone={severityTone(f.severity)}>{findingSeverityLabel(t, f.severity)}</Badge>
                    {f.currency && (
                      <span className={inbox.muted}>
                        {t("desk.dispute.atStake", { amount: formatMoney(f.amountAtStakeMinor, f.currency, intlLocale(locale)) })}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>,
            t("desk.inbox.findingsEmpty"),
            { href: "/desk/findings?status=OPEN", label: t("desk.inbox.allFindings") },
          )}
      </div>
    </div>
  );
}
