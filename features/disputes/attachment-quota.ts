import "server-only";
import type { Prisma } from "@prisma/client";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";

export const QUOTA_ERROR = "disputes.err.storageQuota";

/**
 * Refuses customer uploads that would take a Stripe customer's attachments past its quota
 * (ATTACHMENT_QUOTA_MB, all its users' uploads together; staff uploads do not count). Called
 * inside the transaction that records the files: the advisory lock makes check-then-insert
 * atomic per customer, so two uploads at once cannot both squeeze under the limit.
 */
export async function assertAttachmentQuota(
  tx: Prisma.TransactionClient,
  options: { customerId: string; addingBytes: number; quotaBytes?: number },
): Promise<void> {
  if (options.addingBytes <= 0) return;
  const quota = options.quotaBytes ?? env().ATTACHMENT_QUOTA_MB * 1024 * 1024;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`settle.attachment-quota:${options.customerId}`}, 0))`;
  const [row] = await tx.$queryRaw<{ used: bigint }[]>`
    SELECT COALESCE(SUM(a."sizeBytes"), 0)::bigint AS used
    FROM "Attachment" a
    JOIN "Dispute" d ON d.id = a."disputeId"
    JOIN "User" u ON u.id = a."uploadedById"
    WHERE d."customerId" = ${options.customerId} AND u.role = 'CUSTOMER'`;
  if (Number(row?.used ?? 0n) + options.addingBytes > quota) throw new ValidationError(QUOTA_ERROR, { files: QUOTA_ERROR });
}
