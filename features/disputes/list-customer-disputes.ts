import "server-only";
import type { Db } from "@/lib/db";
import { assertCustomer, type Actor, customerIdsOf } from "@/features/auth/actor";

/** The signed-in customer's disputes, newest first (ownership in the query). */
export async function listCustomerDisputes(db: Db, options: { actor: Actor }) {
  const actor = assertCustomer(options.actor);
  const rows = await db.dispute.findMany({
    where: { customerId: { in: await customerIdsOf(db, actor.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      number: true,
      status: true,
      reason: true,
      currency: true,
      claimedMinor: true,
      createdAt: true,
      updatedAt: true,
      firstResponseDueAt: true,
      resolutionDueAt: true,
      firstRespondedAt: true,
      invoice: { select: { id: true, number: true } },
      _count: { select: { lines: true } },
    },
  });
  return rows.map((r) => ({ ...r, lineCount: r._count.lines }));
}
