import type { DisputeReason, RootCause } from "@prisma/client";

export const disputeReasons = [
  "WRONG_QUANTITY",
  "WRONG_PRICE",
  "DISCOUNT",
  "CHARGED_TWICE",
  "AFTER_CANCELLATION",
  "SERVICE_NOT_RECEIVED",
  "TAX_WRONG",
  "OTHER",
] as const satisfies readonly DisputeReason[];

export const rootCauses = [
  "TECHNICAL_FAULT",
  "WRONG_DATA",
  "SYNC_FAILURE",
  "TARIFF_OR_DISCOUNT",
  "HUMAN_ERROR",
  "NOT_AN_ERROR",
] as const satisfies readonly RootCause[];

export type StripeCreditNoteReason = "duplicate" | "fraudulent" | "order_change" | "product_unsatisfactory";

/**
 * The Stripe credit-note `reason` a correction for this dispute would carry. Stripe has only
 * four; billing mistakes in what was ordered map to order_change, a double charge to
 * duplicate, an undelivered service to product_unsatisfactory, and OTHER to none (Stripe
 * accepts a credit note without a reason).
 */
export const stripeCreditNoteReason: Record<DisputeReason, StripeCreditNoteReason | null> = {
  WRONG_QUANTITY: "order_change",
  WRONG_PRICE: "order_change",
  DISCOUNT: "order_change",
  CHARGED_TWICE: "duplicate",
  AFTER_CANCELLATION: "order_change",
  SERVICE_NOT_RECEIVED: "product_unsatisfactory",
  TAX_WRONG: "order_change",
  OTHER: null,
};

export const formatDisputeNumber = (n: number) => `D-${String(n).padStart(6, "0")}`;
