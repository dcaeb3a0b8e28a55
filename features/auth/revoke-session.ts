import "server-only";
import type { Db } from "@/lib/db";

/** Sign-out deletes the session row, so a copied cookie stops working at once. */
export async function revokeSession(db: Db, sessionToken: string | undefined): Promise<boolean> {
  if (!sessionToken) return false;
  const { count } = await db.session.deleteMany({ where: { sessionToken } });
  return count > 0;
}
