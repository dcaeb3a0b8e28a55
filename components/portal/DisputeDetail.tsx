import { Alert, Card } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import type { FindingDescription } from "@/features/billing-audit/describe-finding";
import type { CustomerDispute } from "@/features/disputes/get-customer-dispute";
import { disputeStatuses, isClosed } from "@/features/disputes/state-machine";
import { formatDate, intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

export type DisputeDetailProps = { t: Translate; locale: Locale; d: CustomerDispute; found: FindingDescription | null };

const when = (locale: Locale, date: Date) => formatDate(locale, date, { dateStyle: "medium", timeStyle: "short" }) + " UTC";
const statusText = (t: Translate, code: string | undefined) => (code ? t(`disputes.status.${code}` as MessageKey) : "");

/** What the team promised: the first-response and resolution deadlines, or that the clock is paused. */
export function DisputePromise({ t, locale, d }: Omit<DisputeDetailProps, "found">) {
  return d.slaPausedAt ? (
    <Alert tone="info">
      <p>{t("disputes.detail.paused")}</p>
    </Alert>
  ) : (
    <Alert tone="info">
      <p>
        {!d.firstRespondedAt && d.firstResponseDueAt ? t("disputes.detail.promiseFirst", { date: when(locale, d.firstResponseDueAt) }) : null}{" "}
        {d.resolutionDueAt ? t("disputes.detail.promiseResolve", { date: when(locale, d.resolutionDueAt) }) : null}
      </p>
    </Alert>
  );
}

type Message = CustomerDispute["messages"][number];

function eventTitle(t: Translate, locale: Locale, m: Message): string {
  if (m.kind === "MESSAGE") {
    return m.meta.audit
      ? t("disputes.detail.auditOpened")
      : m.meta.opening
        ? t("disputes.detail.opened")
        : m.fromStaff
          ? t("disputes.detail.team")
          : t("disputes.detail.you");
  }
  if (m.kind === "RESOLUTION") {
    const outcome = disputeStatuses.find((st) => st === m.meta.outcome);
    return outcome && isClosed(outcome)
      ? t(`disputes.detail.outcome.${outcome}` as MessageKey)
      : t("disputes.detail.decision", { outcome: statusText(t, m.meta.outcome) });
  }
  if (m.kind === "CORRECTION") {
    return m.meta.creditNoteId || !m.meta.amount || !m.meta.currency
      ? t("disputes.detail.correction")
      : t("disputes.detail.correctionRefund", { amount: formatMoney(BigInt(m.meta.amount), m.meta.currency, intlLocale(locale)) });
  }
  return m.meta.to === "OPEN" ? t("disputes.detail.reopened") : t("disputes.detail.statusChanged", { status: statusText(t, m.meta.to) });
}

/** The dispute's conversation and events, oldest first, with credit notes and attachments. */
export function DisputeTimeline({ t, locale, d, found }: DisputeDetailProps) {
  return (
    <Card title={t("disputes.detail.timeline")}>
      <ol className={s.timeline}>
        {d.messages.map((m) => {
          const kindClass = m.kind === "RESOLUTION" || m.kind === "CORRECTION" ? s.eventResolution : m.fromStaff ? s.eventStaff : "";
          const cn = m.meta.creditNoteId ? d.creditNotes.find((c) => c.id === m.meta.creditNoteId) : undefined;
          return (
            <li key={m.id} className={`${s.event} ${kindClass}`}>
              <div className={s.eventHead}>
                <span>{eventTitle(t, locale, m)}</span>
                <span className={s.meta}>
                  <time dateTime={m.createdAt.toISOString()}>{when(locale, m.createdAt)}</time>
                </span>
              </div>
              {m.meta.audit && found ? (
                <p className={s.body}>{t("disputes.detail.auditBody", { invoice: d.invoice.number ?? "—", finding: found.title })}</p>
              ) : (
                m.body && <p className={s.body}>{m.body}</p>
              )}
              {cn && (
                <p>
                  <a href={`/credit-notes/${cn.id}`}>
                    {t("disputes.detail.creditNote", { number: cn.number ?? "—", amount: formatMoney(cn.total, cn.currency, intlLocale(locale)) })}
                  </a>
                </p>
              )}
              {m.attachments.length > 0 && (
                <ul className={s.files} aria-label={t("disputes.detail.attachments")}>
                  {m.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={`/api/attachments/${a.id}`} download>
                        {a.fileName}
                      </a>{" "}
                      <span className={s.meta}>({Math.ceil(a.sizeBytes / 1024)} KB)</span>
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

/** What the customer disputes: the lines with what they expected, and the amount claimed. */
export function DisputeClaimCard({ t, locale, d, found }: DisputeDetailProps) {
  const money = (a: bigint) => formatMoney(a, d.currency, intlLocale(locale));
  return (
    <Card title={found ? t("disputes.detail.auditClaimTitle") : t("disputes.detail.claim")}>
      {found && <p>{found.title}</p>}
      <p>{d.scope === "invoice" ? t("disputes.wholeInvoice") : null}</p>
      <ul>
        {d.lines.map((l) => (
          <li key={l.id}>
            {l.invoiceLine.description ?? "—"} — {money(l.invoiceLine.amount)}
            {(l.expectedQuantity !== null || l.expectedAmount !== null) && (
              <span className={s.meta}>
                {" "}
                · {t("disputes.detail.expected")}:{" "}
                {[l.expectedQuantity?.toString(), l.expectedAmount !== null ? money(l.expectedAmount) : null].filter(Boolean).join(", ")}
              </span>
            )}
          </li>
        ))}
      </ul>
      <p>
        {d.claimedMinor === 0n
          ? t("disputes.detail.amountTbd")
          : found
            ? t("disputes.detail.amountAffected", { amount: money(d.claimedMinor) })
            : t("desk.dispute.claimed", { amount: money(d.claimedMinor) })}
      </p>
    </Card>
  );
}

/** The status word of a dispute. */
export const disputeStatusText = statusText;
