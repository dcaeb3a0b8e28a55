import { findingRuleLabel } from "@/features/billing-audit/describe-finding";
import { formatQuantity } from "@/features/billing-display/format";
import type { loadDisputeCorrections } from "@/features/corrections/reads/page-data";
import type { loadDeskDispute } from "@/features/disputes/page-data";
import { formatDisputeNumber, rootCauses } from "@/features/disputes/reasons";
import { correctionTone } from "@/components/corrections/status-tone";
import { slaTone, statusTone } from "@/components/disputes/status-tone";
import Link from "@/components/ui/Link";
import { Badge, ButtonLink, Card, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { formatDate, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { AssignForm, MessageForm, ResolveForm, StatusForm } from "./DeskDisputeForms";

// A dispute on the desk (/desk/disputes/[id]): the claim, the invoice's lines, the timeline,
// and beside them corrections, findings and the forms. What may be done (closed, refund,
// assigning others) is decided by the loader (features/disputes/page-data.ts).

type Loaded = Awaited<ReturnType<typeof loadDeskDispute>>;
type Dispute = Loaded["dispute"];
type Corrections = Awaited<ReturnType<typeof loadDisputeCorrections>>;
type Props = Loaded & { t: Translate; locale: Locale; corrections: Corrections };

/** The helpers every part formats with. */
function formatters(t: Translate, locale: Locale, d: Dispute) {
  return {
    money: (a: bigint, c = d.currency) => formatMoney(a, c, intlLocale(locale)),
    when: (date: Date) => formatDate(locale, date, { dateStyle: "medium", timeStyle: "short" }) + " UTC",
    statusLabel: (st: string) => (st === "WAITING_ON_CUSTOMER" ? t("desk.status.WAITING_ON_CUSTOMER") : t(`disputes.status.${st}` as MessageKey)),
    name: (u: { name: string | null; email: string } | null) => (u ? (u.name ?? u.email) : t("desk.dispute.nobody")),
  };
}
type Formatters = ReturnType<typeof formatters>;

export function DeskDisputeView({ t, locale, dispute: d, staff, me, rules, corrections }: Props) {
  const f = formatters(t, locale, d);
  const { money, when, statusLabel, name } = f;
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href="/desk/disputes">← {t("desk.queue.title")}</Link>
        </p>
        <h1>{t("desk.dispute.title", { number: formatDisputeNumber(d.number) })}</h1>
        <p className={s.actions}>
          <Badge tone={statusTone(d.status)}>{statusLabel(d.status)}</Badge>
          <span>{t(`disputes.reason.${d.reason}` as MessageKey)}</span>
          {d.firstResponseDueAt && !d.firstRespondedAt && !rules.closed && (
            <span>
              {t("desk.dispute.firstResponse")}: <Badge tone={slaTone(d.sla.firstResponse)}>{t(`desk.sla.${d.sla.firstResponse}` as MessageKey)}</Badge>{" "}
              <span className={s.meta}>{when(d.firstResponseDueAt)}</span>
            </span>
          )}
          {d.resolutionDueAt && (
            <span>
              {t("desk.dispute.resolution")}: <Badge tone={slaTone(d.sla.resolution)}>{t(`desk.sla.${d.sla.resolution}` as MessageKey)}</Badge>{" "}
              <span className={s.meta}>{when(d.resolutionDueAt)}</span>
            </span>
          )}
        </p>
        <p>
          {t("desk.dispute.customer")}: <Link href={`/desk/customers/${d.customer.id}`}>{d.customer.name ?? d.customer.email ?? d.customer.stripeId}</Link>
          {" · "}
          <Link href={`/desk/invoices/${d.invoice.id}`}>{t("desk.dispute.invoice", { number: d.invoice.number ?? "—" })}</Link>
        </p>
      </div>
      <div className={s.twoCol}>
        <div className={s.stack}>
          <Card title={t("desk.dispute.claim")}>
            <p className={s.body}>{d.description}</p>
            <p>{d.claimedMinor === 0n ? t("disputes.detail.amountTbd") : t("desk.dispute.claimed", { amount: money(d.claimedMinor) })}</p>
          </Card>
          <DisputeLines t={t} locale={locale} d={d} money={money} />
          <p>
            <ButtonLink href={`/desk/disputes/${d.id}/recalculate`}>{t("desk.recalc.link")}</ButtonLink>
          </p>
          <DisputeTimeline t={t} d={d} staff={staff} f={f} />
        </div>
        <div className={s.stack}>
          <Card title={t("desk.corrections.disputeCard")}>
            {corrections.length === 0 ? (
              <p>{t("desk.corrections.none")}</p>
            ) : (
              <ul className={s.files}>
                {corrections.map((c) => (
                  <li key={c.id}>
                    <Link href={`/desk/corrections/${c.id}`}>
                      {t(c.kind === "refund" ? "desk.corrections.kind.refund" : "desk.corrections.kind.credit_note")} · {money(c.amountMinor, c.currency)}
                    </Link>{" "}
                    <Badge tone={correctionTone(c.status)}>{t(`desk.corrections.status.${c.status}` as MessageKey)}</Badge>
                  </li>
                ))}
              </ul>
            )}
            {rules.canRefund && (
              <p>
                <Link href={`/desk/disputes/${d.id}/corrections/new?kind=refund`}>{t("desk.corrections.newRefund")}</Link>
              </p>
            )}
          </Card>
          <Card title={t("desk.dispute.findings")}>
            {d.findings.length === 0 ? (
              <p>{t("desk.dispute.noFindings")}</p>
            ) : (
              <ul className={s.files} data-testid="dispute-findings">
                {d.findings.map((f) => (
                  <li key={f.id}>
                    <Link href={`/desk/findings/${f.id}`}>{findingRuleLabel(t, f.rule)}</Link>{" "}
                    <Badge tone={f.status === "OPEN" ? "warning" : f.status === "CORRECTED" ? "success" : "neutral"}>
                      {t(`desk.findingStatus.${f.status}` as MessageKey)}
                    </Badge>
                    {f.currency && f.amountAtStakeMinor > 0n && (
                      <span className={s.meta}> · {t("desk.dispute.atStake", { amount: money(f.amountAtStakeMinor, f.currency) })}</span>
                    )}
                    {f.disputeId !== d.id && <span className={s.meta}> · {t("desk.dispute.findingOnInvoice")}</span>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t("desk.dispute.assignment")}>
            <AssignForm
              locale={locale}
              disputeId={d.id}
              meId={me.id}
              assigneeId={d.assigneeId}
              assigneeName={name(d.assignee)}
              canAssignOthers={rules.canAssignOthers}
              staff={staff.map((u) => ({ id: u.id, label: u.name ?? u.email }))}
            />
          </Card>
          {!rules.closed && (
            <>
              <Card title={t("desk.dispute.write")}>
                <MessageForm locale={locale} disputeId={d.id} canned={d.cannedReplies} />
              </Card>
              {d.nextStatuses.length > 0 && (
                <Card title={t("desk.dispute.changeStatus")}>
                  <StatusForm locale={locale} disputeId={d.id} options={d.nextStatuses.map((st) => ({ value: st, label: statusLabel(st) }))} />
                </Card>
              )}
              <Card title={t("desk.dispute.decide")}>
                <ResolveForm
                  locale={locale}
                  disputeId={d.id}
                  rootCauses={rootCauses.map((r) => ({ value: r, label: t(`disputes.rootCause.${r}` as MessageKey) }))}
                  creditNotes={d.invoice.creditNotes.map((c) => ({ value: c.id, label: `${c.number ?? c.id} · ${money(c.total, c.currency)}` }))}
                />
              </Card>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function DisputeLines({ t, locale, d, money }: { t: Translate; locale: Locale; d: Dispute; money: Formatters["money"] }) {
  const disputed = new Map(d.lines.map((l) => [l.invoiceLineId, l]));
  return (
    <Table caption={t("desk.dispute.invoice", { number: d.invoice.number ?? "—" })}>
      <thead>
        <tr>
          <th scope="col">{t("desk.dispute.line")}</th>
          <th scope="col" data-numeric>
            {t("desk.dispute.quantity")}
          </th>
          <th scope="col" data-numeric>
            {t("desk.dispute.amount")}
          </th>
          <th scope="col">{t("desk.dispute.expected")}</th>
        </tr>
      </thead>
      <tbody>
        {d.invoice.lines.map((l) => {
          const dl = disputed.get(l.id);
          return (
            <tr key={l.id}>
              <td>
                {dl && <Badge tone="warning">{t("desk.dispute.disputed")}</Badge>} {l.description ?? "—"}
              </td>
              <td data-numeric>{formatQuantity(l.quantity.toString(), locale)}</td>
              <td data-numeric>{money(l.amount)}</td>
              <td>
                {dl
                  ? [
                      dl.expectedQuantity != null ? formatQuantity(dl.expectedQuantity.toString(), locale) : null,
                      dl.expectedAmount !== null ? money(dl.expectedAmount) : null,
                    ]
                      .filter(Boolean)
                      .join(" · ") || "—"
                  : ""}
              </td>
            </tr>
          );
        })}
        <tr>
          <th scope="row">{t("desk.dispute.total")}</th>
          <td />
          <td data-numeric>{money(d.invoice.total)}</td>
          <td />
        </tr>
      </tbody>
    </Table>
  );
}

function DisputeTimeline({ t, d, staff, f }: { t: Translate; d: Dispute; staff: Loaded["staff"]; f: Formatters }) {
  const { when, statusLabel, name } = f;
  return (
    <Card title={t("desk.dispute.timeline")}>
      <ol className={s.timeline}>
        {d.messages.map((m) => {
          const meta = (m.meta ?? {}) as Record<string, string | undefined>;
          const internal = m.visibility === "INTERNAL";
          const cls =
            m.kind === "NOTE" ? s.eventNote : m.kind === "RESOLUTION" ? s.eventResolution : m.author && m.author.role !== "CUSTOMER" ? s.eventStaff : "";
          const title =
            m.kind === "STATUS_CHANGE"
              ? t("disputes.detail.statusChanged", { status: statusLabel(meta.to ?? "") })
              : m.kind === "ASSIGNMENT"
                ? t("desk.dispute.assigned") + ": " + name(staff.find((u) => u.id === meta.to) ?? null)
                : m.kind === "CORRECTION"
                  ? meta.voided
                    ? t("desk.corrections.action.void")
                    : t("disputes.detail.correction")
                  : m.kind === "RESOLUTION"
                    ? t("desk.dispute.closedAs", {
                        outcome: statusLabel(meta.outcome ?? ""),
                        rootCause: meta.rootCause ? t(`disputes.rootCause.${meta.rootCause}` as MessageKey) : "—",
                      })
                    : name(m.author);
          return (
            <li key={m.id} className={`${s.event} ${cls}`}>
              <div className={s.eventHead}>
                <span>{title}</span>
                {/* Only a staff note is an "internal note"; other staff-only entries are system events. */}
                {internal && m.kind === "NOTE" && <Badge tone="warning">{t("desk.dispute.internalBadge")}</Badge>}
                {internal && m.kind !== "NOTE" && <span className={s.meta}>{t("desk.dispute.staffOnly")}</span>}
                {!internal && m.kind === "MESSAGE" && m.author && m.author.role !== "CUSTOMER" && <span className={s.meta}>{t("desk.dispute.emailed")}</span>}
                <span className={s.meta}>
                  <time dateTime={m.createdAt.toISOString()}>{when(m.createdAt)}</time>
                </span>
              </div>
              {m.body && <p className={s.body}>{m.body}</p>}
              {m.kind === "CORRECTION" && meta.correctionId && (
                <p>
                  <Link href={`/desk/corrections/${meta.correctionId}`}>{meta.stripeId ?? t("desk.corrections.title")}</Link>
                </p>
              )}
              {m.attachments.length > 0 && (
                <ul className={s.files}>
                  {m.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={`/api/attachments/${a.id}`} download>
                        {a.fileName}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
