import type { Metadata } from "next";
import { Alert, Badge, Card, EmptyState } from "@/components/ui";
import s from "@/components/portal/portal.module.css";
import { UpcomingLinesTable } from "@/components/portal/UpcomingLinesTable";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { formatAmount, formatDay } from "@/features/billing-display/format";
import { invoiceTotalRows } from "@/features/invoices/invoice-total-rows";
import { getNextBill } from "@/features/next-bill/get-next-bill";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.nextBill.title") };
}

const STATUS = {
  active: "portal.nextBill.subStatus.active",
  trialing: "portal.nextBill.subStatus.trialing",
  past_due: "portal.nextBill.subStatus.past_due",
} as const;

export default async function NextBillPage() {
  const [{ t, locale }, r] = await Promise.all([getT(), forCustomerPage((customerIds, db) => getNextBill(db, { customerIds }))]);
  return (
    <div className={s.page}>
      <div className={s.head}>
        <h1>{t("portal.nextBill.title")}</h1>
      </div>
      <p className={s.muted}>{t("portal.nextBill.intro")}</p>
      {r.state === "unavailable" ? (
        <Alert tone="warning">{t("portal.nextBill.unavailable")}</Alert>
      ) : r.bills.length === 0 && r.ending.length === 0 ? (
        <Card>
          <EmptyState title={t("portal.nextBill.emptyTitle")}>
            <p>{t("portal.nextBill.emptyBody")}</p>
          </EmptyState>
        </Card>
      ) : (
        <>
          {r.bills.map((b) => {
            const money = (a: bigint) => formatAmount(a, b.currency, locale);
            const date = formatDay(b.date, locale);
            const headingId = `bill-${b.subscriptionId}`;
            // nothing is paid on a bill not issued yet: the block ends at the amount due
            const rows = invoiceTotalRows(b, t, locale).filter((row) => row.key !== "amountPaid" && row.key !== "amountRemaining");
            return (
              <section key={b.subscriptionId} aria-labelledby={headingId} data-testid="next-bill">
                <h2 id={headingId}>{t("portal.nextBill.billTitle", { date })}</h2>
                <p className={s.actions}>
                  <Badge tone="info">{t("portal.nextBill.preview")}</Badge>
                  <Badge tone={b.status === "past_due" ? "danger" : "neutral"}>
                    {b.status in STATUS ? t(STATUS[b.status as keyof typeof STATUS]) : b.status}
                  </Badge>
                </p>
                <dl className={s.facts}>
                  <div>
                    <dt>{t("portal.nextBill.issueDate")}</dt>
                    <dd>{date}</dd>
                  </div>
                  <div>
                    <dt>{t("portal.nextBill.collection")}</dt>
                    <dd>
                      {b.chargedAutomatically || !b.dueDate
                        ? t("portal.nextBill.chargedAutomatically")
                        : t("portal.nextBill.dueDate", { date: formatDay(b.dueDate, locale) })}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("portal.nextBill.subscription")}</dt>
                    <dd className={s.nowrap}>{b.subscriptionId}</dd>
                  </div>
                </dl>
                <UpcomingLinesTable
                  t={t}
                  locale={locale}
                  currency={b.currency}
                  caption={t("portal.nextBill.linesCaption", { date })}
                  lines={b.lines}
                  money={money}
                />
                {b.moreLines && <p className={s.muted}>{t("portal.nextBill.moreLines")}</p>}
                <Card title={t("portal.nextBill.totals", { date })} titleLevel={3}>
                  <dl className={s.totals} data-testid="next-bill-totals">
                    {rows.map((row) => (
                      <div key={row.key} style={{ display: "contents" }} data-total={row.key}>
                        <dt className={row.strong ? s.strong : undefined}>{row.label}</dt>
                        <dd className={row.strong ? s.strong : undefined}>{row.value}</dd>
                      </div>
                    ))}
                  </dl>
                </Card>
              </section>
            );
          })}
          {r.ending.map((e) => (
            <p key={e.subscriptionId} className={s.muted} data-testid="next-bill-ending">
              {e.endsAt
                ? t("portal.nextBill.endsOn", { id: e.subscriptionId, date: formatDay(e.endsAt, locale) })
                : t("portal.nextBill.ends", { id: e.subscriptionId })}
            </p>
          ))}
        </>
      )}
    </div>
  );
}
