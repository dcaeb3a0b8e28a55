import type { DisputeReason, RootCause } from "@prisma/client";

const byReason: Record<DisputeReason, RootCause> = {
  WRONG_QUANTITY: "WRONG_DATA",
  WRONG_PRICE: "TARIFF_OR_DISCOUNT",
  DISCOUNT: "TARIFF_OR_DISCOUNT",
  CHARGED_TWICE: "TECHNICAL_FAULT",
  AFTER_CANCELLATION: "SYNC_FAILURE",
  SERVICE_NOT_RECEIVED: "HUMAN_ERROR",
  TAX_WRONG: "WRONG_DATA",
  OTHER: "HUMAN_ERROR",
};

/** The root cause the correction form proposes for a dispute's reason (staff may change it). */
export function defaultRootCause(reason: DisputeReason): RootCause {
  return byReason[reason];
}
