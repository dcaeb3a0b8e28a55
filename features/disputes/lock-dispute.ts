import "server-only";
import type { Prisma } from "@prisma/client";
import { NotFoundError } from "@/lib/errors";

/** Row-locks the dispute for the rest of the transaction: concurrent staff actions serialise. */
export async function lockDispute(tx: Prisma.TransactionClient, disputeId: string) {
  await tx.$queryRaw`SELECT id FROM "Dispute" WHERE id = ${disputeId} FOR UPDATE`;
  const dispute = await tx.dispute.findUnique({ where: { id: disputeId } });
  if (!dispute) throw new NotFoundError("Dispute not found");
  return dispute;
}
