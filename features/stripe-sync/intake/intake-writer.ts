import "server-only";
import { getDb } from "@/lib/db";
import { inboxPool } from "@/lib/pg-pool";
import { poolInboxWriter } from "./inbox-writer";
import { prismaInboxWriter, type InboxWriter } from "./store-event";

/**
 * The intake's choice of inbox writer, made at its edges (the webhook route's handler and the
 * standalone intake server's script): on Postgres the group-commit writer over the `inbox` pg
 * pool, on the embedded PGlite database (no pg pool) the Prisma client.
 */
export async function intakeWriter(): Promise<InboxWriter> {
  const pool = inboxPool();
  return pool ? poolInboxWriter(pool) : prismaInboxWriter(await getDb());
}
