import type { Metadata } from "next";
import { Alert, ButtonLink, Card } from "@/components/ui";
import { loadDisputeDraft } from "@/features/disputes/page-data";
import { disputeReasons } from "@/features/disputes/reasons";
import { formatDate, intlLocale, translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney } from "@/lib/money";
import { draftLineRows } from "@/features/disputes/draft-line-rows";
import { OpenDisputeForm } from "./OpenDisputeForm";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "disputes.new.title") };
}

export default async function NewDisputePage({ searchParams }: { searchParams: Promise<{ invoice?: string; lines?: string }> }) {
  const params = await searchParams;
  const { t, locale } = await getT();
  if (!params.invoice) {
    return (
      <div>
        <h1>{t("disputes.new.title")}</h1>
        <Alert tone="info">
          <p>{t("disputes.new.noInvoice")}</p>
        </Alert>
        <p>
          <ButtonLink href="/invoices">{t("disputes.goInvoices")}</ButtonLink>
        </p>
      </div>
    );
  }
  const lineIds = (params.lines ?? "").split(",").filter(Boolean).slice(0, 200);
  const draft = await loadDisputeDraft(params.invoice, lineIds);
  const money = (amount: bigint) => formatMoney(amount, draft.currency, intlLocale(locale));
  return (
    <div>
      <h1>{t("disputes.new.title")}</h1>
      <p>{t("disputes.new.intro")}</p>
      <Card title={t("disputes.new.invoice", { number: draft.number ?? "—" })}>
        <p>
          {formatDate(locale, draft.stripeCreated)} · {money(draft.total)}
        </p>
        <OpenDisputeForm
          locale={locale}
          invoiceId={draft.id}
          currency={draft.currency.toUpperCase()}
          reasons={[...disputeReasons]}
          lines={draftLineRows(draft.lines, draft.currency, locale)}
        />
      </Card>
    </div>
  );
}
