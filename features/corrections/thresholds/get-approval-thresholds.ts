import "server-only";
import type { Prisma } from "@prisma/client";
import { parseApprovalThresholds, storedApprovalThresholds, type StoredThresholds } from "./approval-thresholds";
import { APPROVAL_SETTING_KEY } from "../types";

/** The configured approval thresholds (Setting row) over the defaults. */
export async function getApprovalThresholds(db: Pick<Prisma.TransactionClient, "setting">): Promise<Record<string, bigint>> {
  const row = await db.setting.findUnique({ where: { key: APPROVAL_SETTING_KEY } });
  return parseApprovalThresholds(row?.value);
}

/**
 * For a change: takes the thresholds' transaction-scoped lock (the row may not exist yet, so
 * an advisory lock), then reads the stored value. Two leads changing thresholds at once are
 * serialized, so a duplicate add or a lost removal cannot slip between read and write.
 */
export async function lockApprovalThresholds(tx: Prisma.TransactionClient): Promise<{ stored: StoredThresholds; effective: Record<string, bigint> }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${APPROVAL_SETTING_KEY}, 0))`;
  const row = await tx.setting.findUnique({ where: { key: APPROVAL_SETTING_KEY } });
  return { stored: storedApprovalThresholds(row?.value), effective: parseApprovalThresholds(row?.value) };
}

/** Writes the stored value (under the lock taken by lockApprovalThresholds in the same transaction). */
export async function saveApprovalThresholds(tx: Prisma.TransactionClient, value: StoredThresholds, updatedById: string): Promise<void> {
  await tx.setting.upsert({ where: { key: APPROVAL_SETTING_KEY }, create: { key: APPROVAL_SETTING_KEY, value, updatedById }, update: { value, updatedById } });
}
