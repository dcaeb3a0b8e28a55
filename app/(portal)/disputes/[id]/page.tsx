import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, Card } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import { statusTone } from "@/components/disputes/status-tone";
import { DisputeClaimCard, DisputePromise, DisputeTimeline, disputeStatusText } from "@/components/portal/DisputeDetail";
import { loadCustomerDisputePage } from "@/features/disputes/customer-dispute-page";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { ReopenForm, ReplyForm } from "./CustomerDisputeForms";
import { describeFinding } from "@/features/billing-audit/describe-finding";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "disputes.title") };
}

export default async function DisputePage({ params }: { params: Promise<{ id: string }> }) {
  const { t, locale, d, closed, reopenUntil } = await loadCustomerDisputePage(pageId((await params).id));
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
          <Badge tone={statusTone(d.status)}>{disputeStatusText(t, d.status)}</Badge>{" "}
          <span className={s.meta}>
            {t(`disputes.reason.${d.reason}` as MessageKey)} ·{" "}
            <Link href={`/invoices/${d.invoice.id}`}>{t("disputes.new.invoice", { number: d.invoice.number ?? "—" })}</Link>
          </span>
        </p>
        {!closed && <DisputePromise t={t} locale={locale} d={d} />}
      </div>
      <div className={s.twoCol}>
        <DisputeTimeline t={t} locale={locale} d={d} found={found} />
        <div className={s.stack}>
          <DisputeClaimCard t={t} locale={locale} d={d} found={found} />
          {!closed && (
            <Card title={t("disputes.detail.replyTitle")}>
              <ReplyForm locale={locale} disputeId={d.id} />
            </Card>
          )}
          {closed && (
            <Card title={t("disputes.detail.reopenTitle")}>
              <p>{t("disputes.detail.closed")}</p>
              {reopenUntil && (
                <>
                  <p>{t("disputes.detail.reopenBody", { date: formatDate(locale, reopenUntil) })}</p>
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
