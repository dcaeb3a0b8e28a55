import "server-only";
import { notFound } from "next/navigation";
import { getDb, type Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getSessionUser } from "./get-session-user";
import { guardPage } from "./require-user";

/**
 * Runs a page loader with the database and the session user, for app/ pages (which never
 * import either). Not signed in → sign-in; no access or not found → 404 (the same answer, by design).
 */
export async function loadPage<T>(fn: (db: Db, actor: Awaited<ReturnType<typeof getSessionUser>>) => Promise<T>): Promise<T> {
  return guardPage(async () => {
    try {
      return await fn(await getDb(), await getSessionUser());
    } catch (err) {
      if (err instanceof NotFoundError) notFound();
      throw err;
    }
  });
}
