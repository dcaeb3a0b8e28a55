import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";

/** A dispute's corrections for its desk page, newest first (staff only). */
export async function listDisputeCorrections(db: Db, options: { actor: Actor; disputeId: string }) {
  assertStaff(options.actor);
  return db.correction.findMany({
    where: { disputeId: options.disputeId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, kind: true, status: true, amountMinor: true, currency: true, createdAt: true, stripeCreditNoteId: true, stripeRefundId: true },
  });
}
