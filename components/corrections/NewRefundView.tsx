import Link from "@/components/ui/Link";
import { Alert, Card } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import type { loadNewCorrectionPage } from "@/features/corrections/reads/page-data";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { formatDate, intlLocale, type Locale, type Translate } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { RefundForm } from "./CorrectionForm";
import { RefundPreview } from "./RefundPreview";

// A new refund for a dispute (/desk/disputes/[id]/corrections/new?kind=refund): the detected
// duplicate (if any), the previewed refund and the form, its charges grouped by their role.

type Page = Extract<Awaited<ReturnType<typeof loadNewCorrectionPage>>, { kind: "refund" }>;
type Option = { value: string; label: string };

export function NewRefundView({ t, locale, page, rootCauseOptions }: { t: Translate; locale: Locale; page: Page; rootCauseOptions: Option[] }) {
  const { draft, values, path } = page;
  const { dispute, charges, preview, chargeStripeId, amount } = draft;
  const money = (a: bigint, c: string) => formatMoney(a, c, intlLocale(locale));
  const option = (c: (typeof charges)[number]) => ({
    value: c.stripeId,
    label: [
      money(c.amount, c.currency),
      formatDate(locale, c.created),
      c.stripeId,
      t("desk.corrections.refundable", { amount: money(c.refundable, c.currency) }),
      c.openChargeback ? t("desk.corrections.chargebackOpen") : "",
    ]
      .filter(Boolean)
      .join(" · "),
  });
  const invoiceNumber = dispute.invoice.number ?? dispute.invoice.stripeId;
  const groups = [
    { label: t("desk.corrections.group.duplicate"), options: charges.filter((c) => c.role === "duplicate").map(option) },
    { label: t("desk.corrections.group.invoice", { invoice: invoiceNumber }), options: charges.filter((c) => c.role === "invoice_payment").map(option) },
    { label: t("desk.corrections.group.other"), options: charges.filter((c) => c.role === "other").map(option) },
  ];
  return (
    <div className={s.stack}>
      <p>
        <Link href={`/desk/disputes/${dispute.id}`}>← {t("desk.dispute.title", { number: formatDisputeNumber(dispute.number) })}</Link>
      </p>
      <h1>{t("desk.corrections.newRefundTitle", { number: formatDisputeNumber(dispute.number) })}</h1>
      <p>{t("desk.corrections.refundIntro")}</p>
      {draft.suggested ? (
        <Alert tone="info">
          <p>
            {t(chargeStripeId === draft.suggested.chargeStripeId ? "desk.corrections.duplicateDetected" : "desk.corrections.duplicateDetectedOther", {
              charge: draft.suggested.chargeStripeId,
              amount: money(draft.suggested.amountMinor, draft.suggested.currency),
            })}{" "}
            <Link href={`/desk/findings/${draft.suggested.findingId}`}>{t("desk.corrections.openFinding")}</Link>
          </p>
        </Alert>
      ) : (
        <Alert tone="warning">
          <p>{t("desk.corrections.noDuplicateDetected", { invoice: invoiceNumber })}</p>
        </Alert>
      )}
      <div className={s.twoCol}>
        {preview ? <RefundPreview p={preview} t={t} locale={locale} /> : <div />}
        <Card title={t("desk.corrections.refundCard")}>
          {charges.length === 0 ? (
            <p>{t("desk.corrections.noCharges")}</p>
          ) : (
            <RefundForm
              // A new preview (another charge or amount) remounts the form: its defaults, which a
              // form reset after a refused submit returns to, are then the previewed values.
              key={`${chargeStripeId}|${amount}`}
              locale={locale}
              path={path}
              disputeId={dispute.id}
              rootCauses={rootCauseOptions}
              needsOverride={draft.needsOverride}
              solePaymentOf={preview?.role.solePaymentOf ?? null}
              values={values}
              groups={groups}
            />
          )}
        </Card>
      </div>
    </div>
  );
}
