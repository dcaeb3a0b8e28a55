// Opaque keyset cursor for lists ordered by (stripeCreated desc, id desc). A cursor points at a
// row and says which side of it the wanted page lies: after it ("next page") or, with `before`,
// just before it ("previous page", Stripe's ending_before). Both cost one index range scan.
import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "@/lib/cursor";
import { isIsoInstantInRange, isWellFormedId } from "@/lib/input";

// The instant must also fit Postgres's timestamp range (a tampered year 0000 would not).
const schema = z.object({ v: z.iso.datetime().refine(isIsoInstantInRange), i: z.string().refine(isWellFormedId), b: z.literal(1).optional() });

export type TimeCursor = { at: Date; id: string; before: boolean };

export const encodeTimeCursor = (c: { at: Date; id: string; before?: boolean }) =>
  encodeOpaqueCursor({ v: c.at.toISOString(), i: c.id, ...(c.before ? { b: 1 } : {}) });

/** A malformed or tampered cursor means the first page, never an error. */
export function decodeTimeCursor(raw: string | null | undefined): TimeCursor | null {
  const c = decodeOpaqueCursor(raw, schema, 300);
  return c ? { at: new Date(c.v), id: c.i, before: c.b === 1 } : null;
}

/**
 * Prisma `where` fragment for the rows on the cursor's side; the redundant bound lets the index
 * scan start there. Going back the rows are read in ascending order (see timeCursorOrder).
 */
export const afterTimeCursor = (c: TimeCursor | null) =>
  !c
    ? {}
    : c.before
      ? { stripeCreated: { gte: c.at }, OR: [{ stripeCreated: { gt: c.at } }, { id: { gt: c.id } }] }
      : { stripeCreated: { lte: c.at }, OR: [{ stripeCreated: { lt: c.at } }, { id: { lt: c.id } }] };

export const timeCursorOrder = (c: TimeCursor | null) => {
  const dir = c?.before ? ("asc" as const) : ("desc" as const);
  return [{ stripeCreated: dir }, { id: dir }];
};

/**
 * Turns the `limit + 1` rows read on the cursor's side into a page in display order (newest
 * first) with the cursors of its neighbours; prevCursor is null on the first page.
 */
export function timePage<T extends { stripeCreated: Date; id: string }>(rows: T[], limit: number, cursor: TimeCursor | null) {
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (cursor?.before) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const hasNext = cursor?.before ? true : more;
  const hasPrev = cursor?.before ? more : !!cursor;
  return {
    page,
    nextCursor: hasNext && last ? encodeTimeCursor({ at: last.stripeCreated, id: last.id }) : null,
    prevCursor: hasPrev && first ? encodeTimeCursor({ at: first.stripeCreated, id: first.id, before: true }) : null,
    isFirstPage: !hasPrev,
  };
}
