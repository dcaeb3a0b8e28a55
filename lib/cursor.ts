// Opaque keyset cursors, one codec for every list: a small object as JSON, base64url. What a
// cursor holds and how it is checked is each list's own schema; that a malformed, oversized or
// tampered cursor means the first page (never an error, never trusted) is decided here.
import type { z } from "zod";

export const encodeOpaqueCursor = (fields: Record<string, unknown>): string => Buffer.from(JSON.stringify(fields), "utf8").toString("base64url");

/** The cursor's fields as `schema` accepts them, or null (→ first page). */
export function decodeOpaqueCursor<S extends z.ZodType>(raw: string | null | undefined, schema: S, maxLength = 400): z.infer<S> | null {
  if (!raw || raw.length > maxLength) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
