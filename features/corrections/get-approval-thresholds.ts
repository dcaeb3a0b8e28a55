import "server-only";
import type { Prisma } from "@prisma/client";
import { parseApprovalThresholds } from "./approval-thresholds";
import { APPROVAL_SETTING_KEY } from "./types";

/** The configured approval thresholds (Setting row) over the defaults. */
export async function getApprovalThresholds(db: Pick<Prisma.TransactionClient, "setting">): Promise<Record<string, bigint>> {
  const row = await db.setting.findUnique({ where: { key: APPROVAL_SETTING_KEY } });
  return parseApprovalThresholds(row?.value);
}
