import Link from "@/components/ui/Link";
import { Alert, Badge, Card, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import type { loadCorrection } from "@/features/corrections/reads/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, isMessageKey, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { CreditLinesTable } from "./CreditLinesTable";
import { DecisionForm, RetryForm, VoidForm } from "./CorrectionActions";
import { Evidence } from "./Evidence";
import { correctionTone } from "./status-tone";

// A correction on the desk (/desk/corrections/[id]): what it does, its history, the approval
// evidence and the forms its state allows (canDecide, canRetry, canVoid come from the use case).

type Correction = Awaited<ReturnType<typeof loadCorrection>>["correction"];

/** Our own refusals are i18n keys; anything else is Stripe's message, shown as it is. */
const errorText = (t: Translate, e: string) => (isMessageKey(e) ? t(e) : e);

function formatters(t: Translate, locale: Locale, c: Correction) {
  return {
    money: (a: bigint, cur = c.currency) => formatMoney(a, cur, intlLocale(locale)),
    when: (d: Date) => formatDate(locale, d, { dateStyle: "medium", timeStyle: "short" }) + " UTC",
    name: (u: { name: string | null; email: string } | null) => (u ? (u.name ?? u.email) : t("desk.corrections.system")),
  };
}
type Formatters = ReturnType<typeof formatters>;

export function CorrectionView({ t, locale, correction: c }: { t: Translate; locale: Locale; correction: Correction }) {
  const f = formatters(t, locale, c);
  const { money, when, name } = f;
  return (
    <div className={s.stack}>
      <div>
        {c.dispute && (
          <p>
            <Link href={`/desk/disputes/${c.dispute.id}`}>← {t("desk.dispute.title", { number: formatDisputeNumber(c.dispute.number) })}</Link>
          </p>
        )}
        <h1>{t(c.kind === "refund" ? "desk.corrections.refundTitle" : "desk.corrections.creditNoteTitle", { amount: money(c.amountMinor) })}</h1>
        <p className={s.actions}>
          <Badge tone={correctionTone(c.status)}>{t(`desk.corrections.status.${c.status}` as MessageKey)}</Badge>
          <span>{t("desk.dispute.invoice", { number: c.invoice.number ?? "—" })}</span>
          <span className={s.meta}>{t("desk.corrections.requestedBy", { name: name(c.requester), date: when(c.createdAt) })}</span>
        </p>
      </div>
      {c.status === "FAILED" && c.lastError && (
        <Alert tone="danger">
          <p>
            {t("desk.corrections.failed")}: {errorText(t, c.lastError)}
          </p>
        </Alert>
      )}
      {c.status === "SUBMITTING" && (
        <Alert tone="info">
          <p>{t("desk.corrections.submitting")}</p>
        </Alert>
      )}
      <div className={s.twoCol}>
        <div className={s.stack}>
          <CorrectionSummary t={t} c={c} f={f} />
          {c.lines.length > 0 && <CreditLinesTable t={t} lines={c.lines} money={money} />}
          <CorrectionHistory t={t} c={c} f={f} />
        </div>
        <div className={s.stack}>
          <Evidence e={c.evidence} t={t} locale={locale} />
          {c.status === "PENDING_APPROVAL" && (
            <Card title={t("desk.corrections.approval")}>
              {c.canDecide ? (
                <DecisionForm locale={locale} correctionId={c.id} />
              ) : (
                <p>{c.isRequester ? t("desk.corrections.ownWaiting") : t("desk.corrections.leadOnly")}</p>
              )}
            </Card>
          )}
          {c.canRetry && (
            <Card title={t("desk.corrections.retryTitle")}>
              <RetryForm locale={locale} correctionId={c.id} />
            </Card>
          )}
          {c.canVoid && (
            <Card title={t("desk.corrections.voidTitle")}>
              <p className={s.meta}>{t("desk.corrections.voidHint")}</p>
              <VoidForm locale={locale} correctionId={c.id} />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}

function CorrectionSummary({ t, c, f: { money, when, name } }: { t: Translate; c: Correction; f: Formatters }) {
  return (
    <Table caption={t("desk.corrections.summary")}>
      <tbody>
        <tr>
          <th scope="row">{t("desk.corrections.total")}</th>
          <td data-numeric>
            <strong>{money(c.amountMinor)}</strong>
          </td>
        </tr>
        {c.kind === "credit_note" && (
          <>
            <tr>
              <th scope="row">{t("desk.corrections.refund")}</th>
              <td data-numeric>{money(c.refundMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t("desk.corrections.credit")}</th>
              <td data-numeric>{money(c.creditMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t("desk.corrections.outOfBand")}</th>
              <td data-numeric>{money(c.outOfBandMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t("desk.corrections.reason")}</th>
              <td>{c.stripeReason ? t(`desk.corrections.stripeReason.${c.stripeReason}` as MessageKey) : "—"}</td>
            </tr>
          </>
        )}
        {c.chargeStripeId && (
          <tr>
            <th scope="row">{t("desk.corrections.charge")}</th>
            <td>{c.chargeStripeId}</td>
          </tr>
        )}
        <tr>
          <th scope="row">{t("desk.dispute.rootCause")}</th>
          <td>{c.rootCause ? t(`disputes.rootCause.${c.rootCause}` as MessageKey) : "—"}</td>
        </tr>
        <tr>
          <th scope="row">{t("desk.corrections.memo")}</th>
          <td>{c.memo ?? "—"}</td>
        </tr>
        <tr>
          <th scope="row">{t("desk.corrections.stripeId")}</th>
          <td>
            {c.stripeCreditNoteId ?? c.stripeRefundId ?? "—"}
            {c.creditNote &&
              ` · ${c.creditNote.number ?? ""} (${t(c.creditNote.status === "VOID" ? "desk.corrections.status.VOIDED" : "desk.corrections.status.ISSUED")})`}
          </td>
        </tr>
        <tr>
          <th scope="row">{t("desk.corrections.attempts")}</th>
          <td>{c.attempts}</td>
        </tr>
        {c.approvedAt && (
          <tr>
            <th scope="row">{t("desk.corrections.decision")}</th>
            <td>
              {c.approver ? t("desk.corrections.decidedBy", { name: name(c.approver), date: when(c.approvedAt) }) : t("desk.corrections.autoApproved")}
              {c.decisionReason && c.approver ? ` — ${c.decisionReason}` : ""}
            </td>
          </tr>
        )}
      </tbody>
    </Table>
  );
}

function CorrectionHistory({ t, c, f: { when, name } }: { t: Translate; c: Correction; f: Formatters }) {
  return (
    <Card title={t("desk.corrections.history")}>
      <ol className={s.timeline}>
        {c.history.map((h) => (
          <li key={h.id.toString()} className={s.event}>
            <div className={s.eventHead}>
              <span>
                {t(`desk.corrections.action.${h.action.replace("correction.", "")}` as MessageKey)} · {name(h.actor)}
              </span>
              <span className={s.meta}>
                <time dateTime={h.at.toISOString()}>{when(h.at)}</time>
              </span>
            </div>
            {h.reason && <p className={s.body}>{errorText(t, h.reason)}</p>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
