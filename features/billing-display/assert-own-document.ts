import "server-only";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

/**
 * Whether a portal document (invoice, credit note, dispute) belongs to one of the signed-in
 * customer's Stripe customers: one indexed lookup, with ownership in the query. Not found and
 * not yours are the same NotFoundError.
 */
export async function assertOwnDocument(o: { kind: "invoice" | "creditNote" | "dispute"; id: string; customerIds: string[] }): Promise<void> {
  if (!o.customerIds.length) throw new NotFoundError();
  const db = await getDb();
  const where = { id: o.id, customerId: { in: o.customerIds } };
  const found =
    o.kind === "invoice"
      ? await db.invoice.findFirst({ where, select: { id: true } })
      : o.kind === "creditNote"
        ? await db.creditNote.findFirst({ where, select: { id: true } })
        : await db.dispute.findFirst({ where, select: { id: true } });
  if (!found) throw new NotFoundError();
}
