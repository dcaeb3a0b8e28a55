import "server-only";
import type { Db } from "@/lib/db";
import { creditNoteCauseSql, type CreditNoteCause } from "./credit-note-cause";

/** The cause of each credit note (by Settle id) that Settle issued itself; one statement for a page. */
export async function loadCreditNoteCauses(db: Db, ids: string[]): Promise<Map<string, CreditNoteCause>> {
  if (!ids.length) return new Map();
  const rows = await db.$queryRawUnsafe<{ id: string; cause: string | null }[]>(
    `SELECT cn.id, ${creditNoteCauseSql("cn")}::text AS cause FROM "CreditNote" cn WHERE cn.id = ANY($1::text[])`,
    ids,
  );
  return new Map(rows.filter((r) => r.cause).map((r) => [r.id, JSON.parse(r.cause!) as CreditNoteCause]));
}
