import "server-only";
import type { Db } from "@/lib/db";
import { loadCreditNoteCauses } from "./load-credit-note-causes";
import { afterTimeCursor, decodeTimeCursor, timeCursorOrder, timePage } from "@/features/billing-display/time-cursor";

/** The signed-in customer's credit notes, newest first, keyset-paginated both ways. */
export type ListCreditNotesOptions = { customerIds: string[]; cursor?: string | null; limit?: number };

export async function listCreditNotes(db: Db, o: ListCreditNotesOptions) {
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 200);
  const cursor = decodeTimeCursor(o.cursor);
  const rows = await db.creditNote.findMany({
    where: { customerId: { in: o.customerIds }, ...afterTimeCursor(cursor) },
    orderBy: timeCursorOrder(cursor),
    take: limit + 1,
    select: {
      id: true,
      number: true,
      status: true,
      reason: true,
      currency: true,
      total: true,
      refundAmount: true,
      creditAmount: true,
      stripeCreated: true,
      invoice: { select: { id: true, number: true } },
    },
  });
  const { page, nextCursor, prevCursor, isFirstPage } = timePage(rows, limit, cursor);
  const causes = await loadCreditNoteCauses(
    db,
    page.map((r) => r.id),
  );
  return {
    items: page.map(({ stripeCreated, ...r }) => ({ ...r, created: stripeCreated, cause: causes.get(r.id) ?? null })),
    nextCursor,
    prevCursor,
    isFirstPage,
  };
}

export type CreditNoteListItem = Awaited<ReturnType<typeof listCreditNotes>>["items"][number];
