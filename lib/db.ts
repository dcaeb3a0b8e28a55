import "server-only";
import { mkdirSync } from "node:fs";
import { PrismaClient } from "@prisma/client";
import { env } from "./env";
import { logger } from "./logger";

// One Prisma client per process. DATABASE_URL → Postgres through the pg driver adapter with
// a bounded pool; unset → the embedded PGlite database under .data/ (one process at a time).
type Db = PrismaClient;
// The holder, and the promise of the client being created, live on globalThis: Next bundles
// this module more than once (instrumentation, each route), and two copies each creating a
// client would open two PGlite instances on one folder, which damages it.
type Holder = { db?: Db; close?: () => Promise<void>; embedded?: boolean; pending?: Promise<Db> };
const holder = ((globalThis as { __settleDb?: Holder }).__settleDb ??= {});
const backgroundHolder = ((globalThis as { __settleBackgroundDb?: Holder }).__settleBackgroundDb ??= {});

async function createPostgres(url: string, max: number): Promise<Holder> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const adapter = new PrismaPg({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    // Settle's statements are short and many; Postgres JIT-compiles any whose estimated cost
    // passes jit_above_cost, which a lagging estimate on a fast-growing inbox reaches: the
    // processor's batch read then spent 125 ms compiling a 30 ms query (EXPLAIN ANALYZE at month
    // end). Off for every connection, as the audit's own pool already had it (lib/pg-pool.ts).
    options: "-c jit=off",
  });
  const db = new PrismaClient({ adapter });
  return { db, close: () => db.$disconnect(), embedded: false };
}

async function createEmbedded(dir: string): Promise<Holder> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  mkdirSync(dir, { recursive: true });
  const pglite = new PGlite(dir);
  // pglite-prisma-adapter is built against an older driver-adapter-utils; the runtime
  // contract is the same, only the type identities differ.
  const adapter = new PrismaPGlite(pglite) as unknown as ConstructorParameters<typeof PrismaClient>[0] extends infer O
    ? O extends { adapter?: infer A }
      ? A
      : never
    : never;
  // One connection: transactions queue behind each other, so they may wait longer for it.
  const db = new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
  // A PGlite instance keeps the process alive until it is closed.
  const close = async () => {
    await db.$disconnect();
    await pglite.close();
  };
  return { db, close, embedded: true };
}

/** The process's database client, created on first use. */
export function getDb(): Promise<Db> {
  if (holder.db) return Promise.resolve(holder.db);
  holder.pending ??= (async () => {
    const e = env();
    const created = e.DATABASE_URL ? await createPostgres(e.DATABASE_URL, e.DB_POOL_MAX) : await createEmbedded(e.PGLITE_DIR);
    Object.assign(holder, created);
    registerShutdown();
    logger.info({ embedded: created.embedded }, "database client ready");
    return created.db!;
  })();
  return holder.pending;
}

/**
 * The client for the background work a web process hosts (projection, audits, outbox): on
 * Postgres a second client with a pool of its own (DB_BACKGROUND_POOL_MAX), so a month-end
 * burst keeps its connections busy without making a person's page or correction preview queue
 * for one of DB_POOL_MAX (measured: two thirds of a preview's time during the burst was that
 * wait, bench/RESULTS.md). On the embedded database, the one client: PGlite has one connection.
 */
export function getBackgroundDb(): Promise<Db> {
  const e = env();
  if (!e.DATABASE_URL) return getDb();
  if (backgroundHolder.db) return Promise.resolve(backgroundHolder.db);
  backgroundHolder.pending ??= (async () => {
    const created = await createPostgres(e.DATABASE_URL!, e.DB_BACKGROUND_POOL_MAX);
    Object.assign(backgroundHolder, created);
    registerShutdown();
    return created.db!;
  })();
  return backgroundHolder.pending;
}

export const isEmbeddedDb = () => !env().DATABASE_URL;

/** Closes the clients (and PGlite) so the process can exit; safe to call twice. */
export async function closeDb(): Promise<void> {
  const closes = [holder, backgroundHolder].map((h) => {
    const close = h.close;
    h.db = undefined;
    h.close = undefined;
    h.pending = undefined;
    return close;
  });
  for (const close of closes) if (close) await close();
}

let shutdownRegistered = false;
function registerShutdown() {
  if (shutdownRegistered) return;
  shutdownRegistered = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      closeDb()
        .catch((error) => logger.error({ err: error }, "closing the database failed"))
        .finally(() => process.exit(0));
    });
  }
}

export type { Db };
