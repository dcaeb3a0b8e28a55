// Catalog keys for Stripe enums, shared by pages and PDFs so both read the same words.
import type { MessageKey, Translate } from "@/lib/i18n";

const has = (t: Translate, key: string) => t(key as MessageKey) !== key;

export const invoiceStatusLabel = (t: Translate, status: string) => t(`portal.status.${status.toLowerCase()}` as MessageKey);
export const creditNoteStatusLabel = (t: Translate, status: string) => t(`portal.cnStatus.${status.toLowerCase()}` as MessageKey);
export const creditNoteReasonLabel = (t: Translate, reason: string | null) =>
  reason && has(t, `portal.cnReason.${reason}`) ? t(`portal.cnReason.${reason}` as MessageKey) : t("portal.cnReason.none");
export const paymentStatusLabel = (t: Translate, status: string) =>
  has(t, `portal.payment.status.${status}`) ? t(`portal.payment.status.${status}` as MessageKey) : status;
export const paymentMethodLabel = (t: Translate, p: { method: string | null; cardBrand: string | null; cardLast4: string | null }) =>
  p.cardBrand && p.cardLast4
    ? t("portal.payments.card", { brand: p.cardBrand.charAt(0).toUpperCase() + p.cardBrand.slice(1), last4: p.cardLast4 })
    : (p.method ?? "—");
export const refundStatusLabel = (t: Translate, status: string) =>
  has(t, `portal.refundStatus.${status}`) ? t(`portal.refundStatus.${status}` as MessageKey) : status;
/** Stripe resource names (the sync desk's resync cursors) in words. */
export const resourceLabel = (t: Translate, resource: string) =>
  has(t, `desk.sync.resources.${resource}`) ? t(`desk.sync.resources.${resource}` as MessageKey) : resource;

/**
 * What became of a payment attempt, as the customer reads it: Stripe keeps a refunded charge
 * "succeeded" (the charge did succeed) and reports refunds in amount_refunded, so a fully
 * refunded payment would otherwise stay a green "Succeeded".
 */
export function chargeState(p: { status: string; amount: bigint; amountRefunded: bigint }): string {
  if (p.status === "succeeded" && p.amountRefunded > 0n) return p.amountRefunded >= p.amount ? "refunded" : "partially_refunded";
  return p.status;
}
export const chargeStateLabel = (t: Translate, p: Parameters<typeof chargeState>[0]) => paymentStatusLabel(t, chargeState(p));
export function chargeStateTone(p: Parameters<typeof chargeState>[0]): "success" | "danger" | "neutral" | "info" {
  const s = chargeState(p);
  return s === "succeeded" ? "success" : s === "failed" ? "danger" : s === "partially_refunded" || s === "refunded" ? "info" : "neutral";
}
