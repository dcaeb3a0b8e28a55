import "server-only";
import { getDb } from "@/lib/db";
import { afterTimeCursor, decodeTimeCursor, encodeTimeCursor } from "@/features/billing-display/time-cursor";

/** The signed-in customer's credit notes, newest first, keyset-paginated. */
export async function listCreditNotes(o: { customerIds: string[]; cursor?: string | null; limit?: number }) {
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 200);
  const cursor = decodeTimeCursor(o.cursor);
  const db = await getDb();
  const rows = await db.creditNote.findMany({
    where: { customerId: { in: o.customerIds }, ...afterTimeCursor(cursor) },
    orderBy: [{ stripeCreated: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true, number: true, status: true, reason: true, currency: true, total: true, refundAmount: true, creditAmount: true,
      stripeCreated: true, invoice: { select: { id: true, number: true } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ stripeCreated, ...r }) => ({ ...r, created: stripeCreated })),
    nextCursor: rows.length > limit && last ? encodeTimeCursor({ at: last.stripeCreated, id: last.id }) : null,
    isFirstPage: !cursor,
  };
}
