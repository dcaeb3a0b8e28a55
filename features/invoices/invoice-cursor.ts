// Opaque keyset cursors: a row's sort value and id, bound to the sort they came from, and the
// side of that row the wanted page lies on (after it: next page; `before`: previous page).
// A cursor from another sort, or one that was tampered with, is ignored (first page) rather
// than trusted.
import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "@/lib/cursor";
import { isIsoInstantInRange, isWellFormedId } from "@/lib/input";

export const invoiceSorts = ["created", "amount", "due"] as const;
export type InvoiceSort = (typeof invoiceSorts)[number];
export type SortDir = "asc" | "desc";

export type InvoiceCursor = { sort: InvoiceSort; dir: SortDir; value: string | null; id: string; before?: boolean };

const cursorSchema = z.object({
  s: z.enum(invoiceSorts),
  d: z.enum(["asc", "desc"]),
  v: z.string().max(64).nullable(),
  i: z.string().refine(isWellFormedId),
  b: z.literal(1).optional(),
});

export function encodeCursor(c: InvoiceCursor): string {
  return encodeOpaqueCursor({ s: c.sort, d: c.dir, v: c.value, i: c.id, ...(c.before ? { b: 1 } : {}) });
}

export function decodeCursor(raw: string | null | undefined, expect: { sort: InvoiceSort; dir: SortDir }): InvoiceCursor | null {
  const parsed = decodeOpaqueCursor(raw, cursorSchema, 400);
  if (!parsed) return null;
  const { s, d, v, i, b } = parsed;
  if (s !== expect.sort || d !== expect.dir) return null;
  if (v !== null && !isValidValue(s, v)) return null;
  if (v === null && s !== "due") return null;
  return { sort: s, dir: d, value: v, id: i, ...(b === 1 ? { before: true } : {}) };
}

function isValidValue(sort: InvoiceSort, v: string) {
  if (sort === "amount") return /^-?\d{1,20}$/.test(v);
  return isIsoInstantInRange(v);
}
