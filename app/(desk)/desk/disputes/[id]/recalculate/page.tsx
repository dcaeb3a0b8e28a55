import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Alert, Card } from "@/components/ui";
import { loadRecalculationPage } from "@/features/recalculation/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";
import { NotAnErrorForm } from "./NotAnErrorForm";
import { RecalculationEditor } from "@/components/desk/recalculation/RecalculationEditor";
import { SavedRecalculations } from "./SavedRecalculations";
import s from "@/components/desk/recalculation/recalc.module.css";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.recalc.pageTitle") };
}

export default async function RecalculatePage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const [{ t, locale }, p] = await Promise.all([getT(), loadRecalculationPage(id)]);
  const money = (a: bigint, c = p.invoice.currency) => formatMoney(a, c, intlLocale(locale));
  const when = (d: Date) => formatDate(locale, d, { dateStyle: "medium", timeStyle: "short" }) + " UTC";
  const latest = p.saved[0];
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href={`/desk/disputes/${p.dispute.id}`}>← {t("desk.recalc.back", { number: formatDisputeNumber(p.dispute.number) })}</Link>
        </p>
        <h1>{t("desk.recalc.title", { number: formatDisputeNumber(p.dispute.number) })}</h1>
        <p>
          {t("desk.dispute.invoice", { number: p.invoice.number ?? p.invoice.stripeId })} · {p.dispute.customer.name ?? p.dispute.customer.email ?? ""} ·{" "}
          {p.dispute.claimedMinor === 0n
            ? t("disputes.detail.amountTbd")
            : t("desk.dispute.claimed", { amount: money(p.dispute.claimedMinor, p.dispute.currency) })}
        </p>
        <p>{t("desk.recalc.intro")}</p>
        <p>{t("desk.recalc.differenceHint")}</p>
      </div>
      {p.closed && (
        <Alert tone="info">
          <p>{t("desk.recalc.closedNote")}</p>
        </Alert>
      )}
      <RecalculationEditor
        locale={locale}
        disputeId={p.dispute.id}
        currency={p.invoice.currency}
        input={p.input}
        stored={p.stored}
        initialDraft={p.draft}
        tariff={p.tariff}
        lines={p.lines}
        closed={p.closed}
      />
      <SavedRecalculations p={p} t={t} money={money} when={when} />
      {latest && latest.outcome === "invoice_confirmed" && !p.closed && (
        <Card title={t("desk.recalc.confirmedTitle")}>
          <NotAnErrorForm locale={locale} disputeId={p.dispute.id} />
        </Card>
      )}
    </div>
  );
}
