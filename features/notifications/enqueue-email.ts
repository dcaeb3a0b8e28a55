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
};

/**
 * Inserts the email in the caller's transaction: it exists if and only if the change that
 * caused it committed. The drainer sends it later.
 */
export async function enqueueEmail(tx: OutboxTx, input: EmailInput) {
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
