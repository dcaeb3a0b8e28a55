import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { notFound } from "next/navigation";
import { Alert, Badge, Card, Table } from "@/components/ui";
import { CreditLinesTable } from "@/components/corrections/CreditLinesTable";
import s from "@/components/ui/layout.module.css";
import { defaultRootCause } from "@/features/corrections/compose/default-root-cause";
import { getCorrectionDraftData, loadRefundDraft } from "@/features/corrections/reads/page-data";
import { stripeReasons } from "@/features/corrections/schemas";
import { formatDisputeNumber, rootCauses } from "@/features/disputes/reasons";
import { formatDate, intlLocale, translate, type MessageKey } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";
import { formatMoney, minorToDecimalString } from "@/lib/money";
import { CorrectionForm, RefundForm } from "./CorrectionForm";
import { RefundPreview } from "./RefundPreview";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.corrections.newTitle") };
}

type Search = Record<string, string | string[] | undefined>;

export default async function NewCorrectionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const [{ id: rawId }, sp, { t, locale }] = await Promise.all([params, searchParams, getT()]);
  const id = pageId(rawId);
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : undefined);
  const rootCauseOptions = rootCauses.filter((r) => r !== "NOT_AN_ERROR").map((r) => ({ value: r, label: t(`disputes.rootCause.${r}` as MessageKey) }));
  const recalculationId = one("recalculation");

  if (!recalculationId) {
    if (one("kind") !== "refund") notFound();
    const override = { confirmed: one("override") === "on", reason: one("overrideReason") ?? "" };
    const draft = await loadRefundDraft(id, { chargeStripeId: one("chargeStripeId"), amount: one("amount"), override });
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
          <Link href={`/desk/disputes/${id}`}>← {t("desk.dispute.title", { number: formatDisputeNumber(dispute.number) })}</Link>
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
                path={`/desk/disputes/${id}/corrections/new`}
                disputeId={dispute.id}
                rootCauses={rootCauseOptions}
                needsOverride={draft.needsOverride}
                solePaymentOf={preview?.role.solePaymentOf ?? null}
                values={{
                  chargeStripeId,
                  amount,
                  rootCause: one("rootCause") ?? defaultRootCause(dispute.reason),
                  memo: one("memo") ?? "",
                  override: override.confirmed ? "on" : "",
                  overrideReason: override.reason,
                }}
                groups={groups}
              />
            )}
          </Card>
        </div>
      </div>
    );
  }

  const typed = ["refund", "credit", "outOfBand"].some((k) => one(k) !== undefined);
  const mode = one("mode") === "custom" ? "custom" : "invoice_line";
  const d = await getCorrectionDraftData(recalculationId, {
    mode,
    split: typed ? { refund: one("refund") ?? "", credit: one("credit") ?? "", outOfBand: one("outOfBand") ?? "" } : undefined,
    memo: one("memo"),
    reason: one("reason"),
  });
  if (d.dispute.id !== id) notFound();
  const cur = d.invoice.currency;
  const money = (a: bigint) => formatMoney(a, cur, intlLocale(locale));
  const dec = (a: bigint) => (a === 0n ? "" : minorToDecimalString(a, cur));
  const p = d.preview;
  return (
    <div className={s.stack}>
      <div>
        <p>
          <Link href={`/desk/disputes/${id}`}>← {t("desk.dispute.title", { number: formatDisputeNumber(d.dispute.number) })}</Link>
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
            path={`/desk/disputes/${id}/corrections/new`}
            recalculationId={d.recalculation.id}
            currency={cur}
            values={{
              mode,
              memo: one("memo") ?? "",
              reason: d.reason,
              rootCause: one("rootCause") ?? d.defaultRootCause,
              refund: dec(d.split.refund),
              credit: dec(d.split.credit),
              outOfBand: dec(d.split.outOfBand),
            }}
            showSplit={d.postPayment > 0n}
            postPayment={money(d.postPayment)}
            fieldErrors={d.fieldErrors}
            reasons={stripeReasons.map((r) => ({ value: r, label: t(`desk.corrections.stripeReason.${r}` as MessageKey) }))}
            rootCauses={rootCauseOptions}
            canSubmit={d.lines.length > 0 && !d.overLimit}
            needsApproval={d.needsApproval}
          />
        </Card>
      </div>
    </div>
  );
}
