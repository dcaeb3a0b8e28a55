import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Alert, Badge, Card } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";
import { loadCustomerDispute } from "@/features/disputes/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { REOPEN_WINDOW_DAYS } from "@/features/disputes/state-machine";
import { formatDate, intlLocale, translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";
import { ReopenForm, ReplyForm } from "./CustomerDisputeForms";
import { describeFinding } from "@/features/billing-audit/describe-finding";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "disputes.title") };
}

export default async function DisputePage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const [{ t, locale }, d] = await Promise.all([getT(), loadCustomerDispute(id)]);
  const money = (a: bigint) => formatMoney(a, d.currency, intlLocale(locale));
  const when = (date: Date) => formatDate(locale, date, { dateStyle: "medium", timeStyle: "short" }) + " UTC";
  const closed = d.status === "RESOLVED" || d.status === "REJECTED";
  const status = (code: string | undefined) => (code ? t(`disputes.status.${code}` as MessageKey) : "");
  // A dispute Settle opened from a billing check: what was found, in the reader's language.
  const found = d.audit
    ? describeFinding({ ...d.audit, invoiceNumber: d.invoice.number ?? "—" }, { t, locale, lineNumber: (lid) => d.audit?.lineNumbers[lid] ?? null })
    : null;
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href="/disputes">← {t("disputes.detail.backToList")}</Link>
        </p>
        <h1>{t("disputes.detail.title", { number: formatDisputeNumber(d.number) })}</h1>
        <p>
          <Badge tone={statusTone(d.status)}>{status(d.status)}</Badge>{" "}
          <span className={s.meta}>
            {t(`disputes.reason.${d.reason}` as MessageKey)} ·{" "}
            <Link href={`/invoices/${d.invoice.id}`}>{t("disputes.new.invoice", { number: d.invoice.number ?? "—" })}</Link>
          </span>
        </p>
        {!closed &&
          (d.slaPausedAt ? (
            <Alert tone="info">
              <p>{t("disputes.detail.paused")}</p>
            </Alert>
          ) : (
            <Alert tone="info">
              <p>
                {!d.firstRespondedAt && d.firstResponseDueAt ? t("disputes.detail.promiseFirst", { date: when(d.firstResponseDueAt) }) : null}{" "}
                {d.resolutionDueAt ? t("disputes.detail.promiseResolve", { date: when(d.resolutionDueAt) }) : null}
              </p>
            </Alert>
          ))}
      </div>
      <div className={s.twoCol}>
        <Card title={t("disputes.detail.timeline")}>
          <ol className={s.timeline}>
            {d.messages.map((m) => {
              const kindClass = m.kind === "RESOLUTION" || m.kind === "CORRECTION" ? s.eventResolution : m.fromStaff ? s.eventStaff : "";
              const title =
                m.kind === "MESSAGE"
                  ? m.meta.audit
                    ? t("disputes.detail.auditOpened")
                    : m.meta.opening
                      ? t("disputes.detail.opened")
                      : m.fromStaff
                        ? t("disputes.detail.team")
                        : t("disputes.detail.you")
                  : m.kind === "RESOLUTION"
                    ? m.meta.outcome === "RESOLVED" || m.meta.outcome === "REJECTED"
                      ? t(`disputes.detail.outcome.${m.meta.outcome}`)
                      : t("disputes.detail.decision", { outcome: status(m.meta.outcome) })
                    : m.kind === "CORRECTION"
                      ? m.meta.creditNoteId || !m.meta.amount || !m.meta.currency
                        ? t("disputes.detail.correction")
                        : t("disputes.detail.correctionRefund", { amount: formatMoney(BigInt(m.meta.amount), m.meta.currency, intlLocale(locale)) })
                      : m.meta.to === "OPEN"
                        ? t("disputes.detail.reopened")
                        : t("disputes.detail.statusChanged", { status: status(m.meta.to) });
              const cn = m.meta.creditNoteId ? d.creditNotes.find((c) => c.id === m.meta.creditNoteId) : undefined;
              return (
                <li key={m.id} className={`${s.event} ${kindClass}`}>
                  <div className={s.eventHead}>
                    <span>{title}</span>
                    <span className={s.meta}>
                      <time dateTime={m.createdAt.toISOString()}>{when(m.createdAt)}</time>
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
        <div className={s.stack}>
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
          {!closed && (
            <Card title={t("disputes.detail.replyTitle")}>
              <ReplyForm locale={locale} disputeId={d.id} />
            </Card>
          )}
          {closed && (
            <Card title={t("disputes.detail.reopenTitle")}>
              <p>{t("disputes.detail.closed")}</p>
              {d.canReopen && d.resolvedAt && (
                <>
                  <p>{t("disputes.detail.reopenBody", { date: formatDate(locale, new Date(d.resolvedAt.getTime() + REOPEN_WINDOW_DAYS * 86_400_000)) })}</p>
                  <ReopenForm locale={locale} disputeId={d.id} />
                </>
              )}
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
