import "server-only";
import type { Prisma } from "@prisma/client";

export type OutboxTx = Pick<Prisma.TransactionClient, "outboxEmail">;

export type EmailInput = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  template: string;
  locale: string;
  /** Same key twice → one email (a retried action must not mail the customer twice). */
  dedupeKey?: string;
  /** Mail about a customer's account: sent only if this user is still linked to it at sending time. */
  recipient?: { userId: string; customerId: string };
};

/**
 * Inserts the email in the caller's transaction: it exists if and only if the change that
 * caused it committed. The drainer sends it later.
 */
export async function enqueueEmail(tx: OutboxTx, { recipient, ...rest }: EmailInput) {
  const input = { ...rest, recipientUserId: recipient?.userId ?? null, recipientCustomerId: recipient?.customerId ?? null };
  if (input.dedupeKey) {
    return tx.outboxEmail.upsert({
      where: { dedupeKey: input.dedupeKey },
      create: { ...input },
      update: {},
      select: { id: true },
    });
  }
  return tx.outboxEmail.create({ data: { ...input }, select: { id: true } });
}
