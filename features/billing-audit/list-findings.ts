import "server-only";
import type { FindingSeverity, FindingStatus, Prisma } from "@prisma/client";
import { z } from "zod";
import { isWellFormedId } from "@/lib/input";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "@/lib/cursor";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { loadLineNumbers } from "@/features/billing-display/finding-line-numbers";
import { RULE_IDS } from "./rules";

export const findingFiltersSchema = z.object({
  rule: z
    .enum(RULE_IDS as [string, ...string[]])
    .optional()
    .catch(undefined),
  severity: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]).optional().catch(undefined),
  status: z.enum(["OPEN", "CONFIRMED", "CORRECTED", "DISMISSED", "RESOLVED"]).optional().catch(undefined),
  cursor: z.string().optional().catch(undefined),
});
export type FindingFilters = z.input<typeof findingFiltersSchema>;

// The cursor (lib/cursor.ts) names the page's last row; Prisma's cursor pagination continues after it in the same order.
const cursorSchema = z.object({ i: z.string().refine(isWellFormedId) });

/** The desk list: newest first, keyset pages of 50, plus the money at stake per currency under the same filters. */
export async function listFindings(db: Db, options: { actor: Actor; filters: FindingFilters }) {
  assertStaff(options.actor, "AGENT");
  const f = findingFiltersSchema.parse(options.filters ?? {});
  const cursor = decodeOpaqueCursor(f.cursor, cursorSchema);
  const where: Prisma.FindingWhereInput = {
    ...(f.rule ? { rule: f.rule } : {}),
    ...(f.severity ? { severity: f.severity as FindingSeverity } : {}),
    ...(f.status ? { status: f.status as FindingStatus } : {}),
  };
  const [rows, atStake] = await Promise.all([
    db.finding.findMany({
      where,
      orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
      take: 51,
      ...(cursor ? { cursor: { id: cursor.i }, skip: 1 } : {}),
      select: {
        id: true,
        rule: true,
        severity: true,
        status: true,
        currency: true,
        amountAtStakeMinor: true,
        summary: true,
        evidence: true,
        suggestion: true,
        detectedAt: true,
        lastSeenAt: true,
        invoice: { select: { id: true, number: true, stripeId: true } },
        customer: { select: { id: true, name: true, email: true } },
      },
    }),
    db.finding.groupBy({
      by: ["currency"],
      where: { ...where, status: f.status ? (f.status as FindingStatus) : { in: ["OPEN", "CONFIRMED"] } },
      _sum: { amountAtStakeMinor: true },
      _count: true,
    }),
  ]);
  const page = rows.slice(0, 50);
  const lineNumbers = await loadLineNumbers(
    db,
    page.flatMap((r) => [r.evidence, r.suggestion]),
  );
  return {
    filters: f,
    rows: page,
    lineNumbers,
    nextCursor: rows.length > 50 ? encodeOpaqueCursor({ i: rows[49].id }) : null,
    atStake: atStake.map((a) => ({ currency: a.currency ?? "", amountMinor: a._sum.amountAtStakeMinor ?? 0n, count: a._count })),
  };
}
