import "server-only";
import type { Db } from "@/lib/db";

/** Failed events for the sync-health desk page (ids, types, error text; no payloads). */
export type ListFailedEventsOptions = { limit?: number };

export async function listFailedEvents(db: Db, opts: ListFailedEventsOptions = {}) {
  return db.stripeEvent.findMany({
    where: { status: "FAILED" },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: Math.min(opts.limit ?? 50, 200),
    select: { id: true, type: true, objectId: true, attempts: true, lastError: true, receivedAt: true, stripeCreated: true },
  });
}
