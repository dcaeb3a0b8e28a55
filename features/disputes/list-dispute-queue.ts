import "server-only";
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "@/lib/cursor";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { isIsoInstantInRange, isWellFormedId } from "@/lib/input";
import { parseMoneyInput } from "@/lib/money";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { getSlaPolicy } from "./get-sla-policy";
import { fieldErrors, queueFiltersSchema, type QueueFilters } from "./schemas";
import { addBusinessMinutes, slaState } from "./sla";
import { openStatusesSql } from "./state-machine";

const PAGE = 25;

// The deadline that matters next: first response until someone answered, then resolution.
const dueExpr = Prisma.sql`COALESCE(CASE WHEN d."firstRespondedAt" IS NULL THEN LEAST(d."firstResponseDueAt", d."resolutionDueAt") END, d."resolutionDueAt", 'infinity'::timestamp)`;

// A cursor is the last row's (deadline, id). A tampered one means the first page: the id must be
// one of ours and the instant must fit Postgres's timestamp range (Date.parse takes year 0000; the query would not).
const cursorSchema = z.object({ v: z.string().refine((v) => v === "infinity" || isIsoInstantInRange(v)), i: z.string().refine(isWellFormedId) });
const encodeCursor = (due: Date | null, id: string) => encodeOpaqueCursor({ v: due ? due.toISOString() : "infinity", i: id });
function decodeCursor(cursor: string): { due: string; id: string } | null {
  const c = decodeOpaqueCursor(cursor, cursorSchema, 300);
  return c ? { due: c.v, id: c.i } : null;
}

/**
 * The staff queue, soonest deadline first, keyset-paginated on (deadline, id) so pages stay
 * stable while disputes come and go.
 */
export async function listDisputeQueue(db: Db, options: { actor: Actor; filters?: QueueFilters; cursor?: string | null; now?: Date }) {
  const actor = assertStaff(options.actor);
  const parsed = queueFiltersSchema.safeParse(options.filters ?? {});
  if (!parsed.success) throw new ValidationError("disputes.err.filters", fieldErrors(parsed.error));
  const f = parsed.data;
  const now = options.now ?? new Date();
  const policy = await getSlaPolicy(db);
  const where: Prisma.Sql[] = [];
  const status = f.status ?? "ACTIVE";
  where.push(status === "ACTIVE" ? Prisma.sql`d.status IN (${Prisma.raw(openStatusesSql)})` : Prisma.sql`d.status = ${status}::"DisputeStatus"`);
  if (f.reason) where.push(Prisma.sql`d.reason = ${f.reason}::"DisputeReason"`);
  if (f.assignee === "me") where.push(Prisma.sql`d."assigneeId" = ${actor.id}`);
  else if (f.assignee === "none") where.push(Prisma.sql`d."assigneeId" IS NULL`);
  else if (f.assignee) where.push(Prisma.sql`d."assigneeId" = ${f.assignee}`);
  if (f.currency) where.push(Prisma.sql`d.currency = ${f.currency}`);
  for (const [key, op] of [
    ["minAmount", Prisma.sql`>=`],
    ["maxAmount", Prisma.sql`<=`],
  ] as const) {
    const raw = f[key];
    if (!raw) continue;
    if (!f.currency) throw new ValidationError("disputes.err.filters", { [key]: "disputes.err.amountNeedsCurrency" });
    const p = parseMoneyInput(raw, f.currency, { allowZero: true });
    if (!p.ok) throw new ValidationError("disputes.err.filters", { [key]: `disputes.err.amount_${p.error}` });
    where.push(Prisma.sql`d."claimedMinor" ${op} ${p.amount}`);
  }
  const active = Prisma.sql`d.status IN (${Prisma.raw(openStatusesSql)}) AND d."slaPausedAt" IS NULL`;
  if (f.sla === "breached") where.push(Prisma.sql`${active} AND ${dueExpr} < ${now}`);
  if (f.sla === "due_soon")
    where.push(Prisma.sql`${active} AND ${dueExpr} >= ${now} AND ${dueExpr} <= ${addBusinessMinutes(now, policy.dueSoonMinutes, policy)}`);
  const c = options.cursor ? decodeCursor(options.cursor) : null;
  if (c) where.push(Prisma.sql`(${dueExpr}, d.id) > (${c.due}::timestamp, ${c.id})`);

  const rows = await db.$queryRaw<{ id: string; due: Date | null }[]>`
    SELECT d.id, CASE WHEN ${dueExpr} = 'infinity'::timestamp THEN NULL ELSE ${dueExpr} END AS due
    FROM "Dispute" d WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${dueExpr} ASC, d.id ASC LIMIT ${PAGE + 1}`;
  const page = rows.slice(0, PAGE);
  const details = await db.dispute.findMany({
    where: { id: { in: page.map((r) => r.id) } },
    select: {
      id: true,
      number: true,
      status: true,
      reason: true,
      currency: true,
      claimedMinor: true,
      createdAt: true,
      firstResponseDueAt: true,
      resolutionDueAt: true,
      firstRespondedAt: true,
      slaPausedAt: true,
      customer: { select: { id: true, name: true, email: true } },
      invoice: { select: { id: true, number: true } },
      assignee: { select: { id: true, name: true, email: true } },
    },
  });
  const byId = new Map(details.map((d) => [d.id, d]));
  return {
    rows: page.map((r) => {
      const d = byId.get(r.id)!;
      const firstResponse = slaState({ dueAt: d.firstResponseDueAt, doneAt: d.firstRespondedAt, pausedAt: d.slaPausedAt }, now, policy);
      const resolution = slaState({ dueAt: d.resolutionDueAt, pausedAt: d.slaPausedAt }, now, policy);
      return {
        ...d,
        dueAt: r.due,
        sla: firstResponse === "breached" || resolution === "breached" ? "breached" : d.firstRespondedAt ? resolution : firstResponse,
      };
    }),
    nextCursor: rows.length > PAGE ? encodeCursor(page[page.length - 1].due, page[page.length - 1].id) : null,
  };
}
