import "server-only";
import type { Prisma } from "@prisma/client";
import { CLOSED_CHARGEBACK } from "./load-invoice-limits";

/** Whether a charge has a chargeback still open: Stripe refuses (and we never try) a refund then. */
export async function hasOpenChargeback(tx: Prisma.TransactionClient, chargeStripeId: string): Promise<boolean> {
  return (await tx.chargeback.count({ where: { chargeStripeId, status: { notIn: CLOSED_CHARGEBACK } } })) > 0;
}
