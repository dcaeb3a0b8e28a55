import "server-only";
import type { Prisma } from "@prisma/client";
import { NotFoundError } from "@/lib/errors";

/**
 * Row-locks a correction for the rest of the transaction. With `invoice: true` its invoice is
 * locked first (always in that order, so two issuers cannot deadlock): corrections of one
 * invoice are then serialized, and the limits read afterwards cannot change underneath.
 */
export async function lockCorrection(tx: Prisma.TransactionClient, correctionId: string, options: { invoice?: boolean } = {}) {
  if (options.invoice) {
    const rows = await tx.$queryRaw<{ invoiceId: string }[]>`SELECT "invoiceId" FROM "Correction" WHERE id = ${correctionId}`;
    if (!rows.length) throw new NotFoundError("Correction not found");
    await tx.$queryRaw`SELECT id FROM "Invoice" WHERE id = ${rows[0].invoiceId} FOR UPDATE`;
  }
  await tx.$queryRaw`SELECT id FROM "Correction" WHERE id = ${correctionId} FOR UPDATE`;
  const c = await tx.correction.findUnique({ where: { id: correctionId } });
  if (!c) throw new NotFoundError("Correction not found");
  return c;
}
