import Link from "@/components/ui/Link";
import { Alert, Badge, Card, Table } from "@/components/ui";
import s from "@/components/ui/layout.module.css";
import type { loadNewCorrectionPage } from "@/features/corrections/reads/page-data";
import { stripeReasons } from "@/features/corrections/schemas";
import { formatDisputeNumber } from "@/features/disputes/reasons";
import { intlLocale, type Locale, type MessageKey, type Translate } from "@/lib/i18n";
import { formatMoney, minorToDecimalString } from "@/lib/money";
import { CorrectionForm } from "./CorrectionForm";
import { CreditLinesTable } from "./CreditLinesTable";

// A new credit note from a saved recalculation (/desk/disputes/[id]/corrections/new?recalculation=…):
// its lines, Stripe's preview, the approval it needs and the form with the split.

type Page = Extract<Awaited<ReturnType<typeof loadNewCorrectionPage>>, { kind: "credit_note" }>;
type Option = { value: string; label: string };

export function NewCreditNoteView({ t, locale, page, rootCauseOptions }: { t: Translate; locale: Locale; page: Page; rootCauseOptions: Option[] }) {
  const { draft: d, values, path } = page;
  const cur = d.invoice.currency;
  const money = (a: bigint) => formatMoney(a, cur, intlLocale(locale));
  const dec = (a: bigint) => (a === 0n ? "" : minorToDecimalString(a, cur));
  const p = d.preview;
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href={`/desk/disputes/${d.dispute.id}`}>← {t("desk.dispute.title", { number: formatDisputeNumber(d.dispute.number) })}</Link>
        </p>
        <h1>{t("desk.corrections.newFor", { number: formatDisputeNumber(d.dispute.number) })}</h1>
        <p className={s.actions}>
          <span>{t("desk.dispute.invoice", { number: d.invoice.number ?? "—" })}</span>
          <Badge tone={d.invoice.status === "PAID" ? "success" : "info"}>{t(`desk.corrections.invoiceStatus.${d.invoice.status}` as MessageKey)}</Badge>
          <span>{t("desk.corrections.invoiceTotal", { amount: money(d.invoice.total) })}</span>
          <span>{t("desk.corrections.remaining", { amount: money(d.remaining) })}</span>
        </p>
        {d.needsApproval ? (
          <Alert tone="warning">
            <p>{d.threshold === null ? t("desk.corrections.approvalAlways") : t("desk.corrections.approvalNeeded", { amount: money(d.threshold) })}</p>
          </Alert>
        ) : (
          <Alert tone="info">
            <p>{t("desk.corrections.approvalNotNeeded", { amount: money(d.threshold ?? 0n) })}</p>
          </Alert>
        )}
      </div>
      <div className={s.twoCol}>
        <div className={s.stack}>
          <CreditLinesTable t={t} lines={d.lines} money={money} empty={t("desk.corrections.noLines")} />
          {d.skipped.length > 0 && (
            <Alert tone="info">
              <p>{t("desk.corrections.skipped", { count: d.skipped.length })}</p>
            </Alert>
          )}
          <Card title={t("desk.corrections.preview")}>
            {d.previewError && (
              <Alert tone="danger">
                <p>
                  {t("desk.corrections.stripeSaid")}: {d.previewError}
                </p>
              </Alert>
            )}
            {p && (
              <Table caption={t("desk.corrections.previewCaption")}>
                <tbody>
                  {(
                    [
                      ["desk.corrections.subtotal", p.subtotal],
                      ["desk.corrections.discount", p.discount],
                      ["desk.corrections.tax", p.tax],
                      ["desk.corrections.total", p.total],
                      ["desk.corrections.prePayment", p.prePayment],
                      ["desk.corrections.postPayment", p.postPayment],
                    ] as const
                  ).map(([k, v]) => (
                    <tr key={k}>
                      <th scope="row">{t(k)}</th>
                      <td data-numeric>{k === "desk.corrections.total" ? <strong>{money(v)}</strong> : money(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
            <p className={s.meta}>
              {t("desk.corrections.recalcDifference", { amount: money(d.recalculation.differenceMinor) })}
              {p && p.total !== d.estimate.total ? ` · ${t("desk.corrections.estimateDiffers", { amount: money(d.estimate.total) })}` : ""}
            </p>
          </Card>
          {d.overLimit && (
            <Alert tone="danger">
              <p>{t("desk.corrections.err.overLimit")}</p>
            </Alert>
          )}
          {d.openChargeback && (
            <Alert tone="warning">
              <p>{t("desk.corrections.chargebackWarning")}</p>
            </Alert>
          )}
        </div>
        <Card title={t("desk.corrections.formTitle")}>
          <CorrectionForm
            locale={locale}
            path={path}
            recalculationId={d.recalculation.id}
            currency={cur}
            values={{ ...values, refund: dec(d.split.refund), credit: dec(d.split.credit), outOfBand: dec(d.split.outOfBand) }}
            showSplit={page.showSplit}
            postPayment={money(d.postPayment)}
            fieldErrors={d.fieldErrors}
            reasons={stripeReasons.map((r) => ({ value: r, label: t(`desk.corrections.stripeReason.${r}` as MessageKey) }))}
            rootCauses={rootCauseOptions}
            canSubmit={page.canSubmit}
            needsApproval={d.needsApproval}
          />
        </Card>
      </div>
    </div>
  );
}
