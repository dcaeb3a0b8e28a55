// Opaque keyset cursor for lists ordered by (stripeCreated desc, id desc).
import { z } from "zod";

const schema = z.object({ v: z.iso.datetime(), i: z.string().min(1).max(64) });

export const encodeTimeCursor = (c: { at: Date; id: string }) => Buffer.from(JSON.stringify({ v: c.at.toISOString(), i: c.id })).toString("base64url");

/** A malformed or tampered cursor means the first page, never an error. */
export function decodeTimeCursor(raw: string | null | undefined): { at: Date; id: string } | null {
  if (!raw || raw.length > 300) return null;
  try {
    const r = schema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return r.success ? { at: new Date(r.data.v), id: r.data.i } : null;
  } catch {
    return null;
  }
}

/** Prisma `where` fragment for the rows after the cursor; the redundant `lte` lets the index scan start there. */
export const afterTimeCursor = (c: { at: Date; id: string } | null) =>
  c ? { stripeCreated: { lte: c.at }, OR: [{ stripeCreated: { lt: c.at } }, { id: { lt: c.id } }] } : {};
