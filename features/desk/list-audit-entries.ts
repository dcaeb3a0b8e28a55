import "server-only";
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { isDateInRange, isPlainLine } from "@/lib/input";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "@/lib/cursor";
import { assertStaff, type Actor } from "@/features/auth/actor";

export const auditFiltersSchema = z.object({
  action: z.string().trim().max(100).refine(isPlainLine).optional(),
  entityType: z.string().trim().max(50).refine(isPlainLine).optional(),
  entityId: z.string().trim().max(100).refine(isPlainLine).optional(),
  actorId: z.string().trim().max(100).refine(isPlainLine).optional(),
  // Within Postgres's timestamp range: a year 0000 filter would fail the query, not the form.
  from: z.coerce.date().refine(isDateInRange).optional(),
  to: z.coerce.date().refine(isDateInRange).optional(),
});
export type AuditFilters = z.input<typeof auditFiltersSchema>;

export type AuditRow = {
  id: string;
  at: Date;
  actorLabel: string;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
};

const PAGE = 50;

// The cursor is the last row's id (a bigint, as digits: ids grow with time). It must fit Postgres's bigint, or the query
// would fail instead of showing the first page.
const cursorSchema = z.object({ i: z.string().regex(/^\d{1,19}$/) }).refine((c) => BigInt(c.i) <= 9_223_372_036_854_775_807n);

/** Newest first, keyset-paginated by id (ids grow with time; ties are impossible). */
export async function listAuditEntries(
  db: Db,
  options: { actor: Actor; filters?: AuditFilters; cursor?: string | null },
): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  assertStaff(options.actor, "LEAD");
  const parsed = auditFiltersSchema.safeParse(options.filters ?? {});
  if (!parsed.success) throw new ValidationError("disputes.err.filters", {}, "The filters are not valid.");
  const f = parsed.data;
  const where: Prisma.AuditEntryWhereInput = {
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
  };
  const cursor = decodeOpaqueCursor(options.cursor, cursorSchema);
  if (cursor) where.id = { lt: BigInt(cursor.i) };
  const rows = await db.auditEntry.findMany({
    where,
    orderBy: { id: "desc" },
    take: PAGE + 1,
    include: { actor: { select: { email: true } } },
  });
  const page = rows.slice(0, PAGE);
  return {
    rows: page.map((r) => ({
      id: r.id.toString(),
      at: r.at,
      actorLabel: r.actorLabel,
      actorEmail: r.actor?.email ?? null,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      reason: r.reason,
    })),
    nextCursor: rows.length > PAGE ? encodeOpaqueCursor({ i: page[page.length - 1].id.toString() }) : null,
  };
}
