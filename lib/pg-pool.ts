import "server-only";
import pg from "pg";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";

// Direct pg pools, beside Prisma's, for the two paths where Prisma's raw-query overhead matters.
// Each purpose has a small pool of its own, so one never starves the other (nor Prisma's
// DB_POOL_MAX): a process opens at most DB_POOL_MAX + 5 + 4 connections. Postgres only: with
// embedded PGlite (no DATABASE_URL) these are null and callers go through Prisma.
//   inbox: the webhook intake is one INSERT per request on the hottest path Settle has. Through
//     Prisma's raw query path it costs ~3–5 ms here, through pg directly ~1.4 ms.
//   audit: the billing audit's bulk reads. Through Prisma's raw path every query pays the
//     client's compile and conversion overhead (~60 % of the sweep's Node CPU when measured),
//     and the sweep issues thousands.
const SIZES = { inbox: 5, audit: 4 } as const;
export type PoolPurpose = keyof typeof SIZES;
// Session settings per purpose. The audit's batch reads (one JSON document per invoice for 2,000
// invoices) are many small index probes whose planner cost is above jit_above_cost, so Postgres
// JIT-compiled every batch: 150–280 ms of a ~0.7–1 s query spent compiling (EXPLAIN ANALYZE,
// Postgres 15), for nothing gained. Off for the audit's own connections only.
const OPTIONS: Record<PoolPurpose, string | undefined> = { inbox: undefined, audit: "-c jit=off" };

type Held = { pool: pg.Pool; url: string };
const holder = ((globalThis as { __settlePgPools?: Partial<Record<PoolPurpose, Held>> }).__settlePgPools ??= {});

/** The purpose's pool for the current DATABASE_URL (replaced when it changes), or null on PGlite. */
export function pgPool(purpose: PoolPurpose): pg.Pool | null {
  const url = process.env.DATABASE_URL || env().DATABASE_URL;
  if (!url) return null;
  const held = holder[purpose];
  if (held && held.url === url) return held.pool;
  void held?.pool.end().catch(() => undefined);
  // allowExitOnIdle: scripts and tests exit without having to close this pool.
  const pool = new pg.Pool({ connectionString: url, max: SIZES[purpose], idleTimeoutMillis: 10_000, allowExitOnIdle: true, options: OPTIONS[purpose] });
  pool.on("error", () => undefined); // an idle client dropped by the server is simply replaced
  holder[purpose] = { pool, url };
  return pool;
}

export const inboxPool = () => pgPool("inbox");

/**
 * The billing audit's reads: through its pool on Postgres, through Prisma on PGlite. Queries must
 * select only text, float8, int4 and boolean columns (money ::text, instants as epoch ms), so
 * both paths return the same.
 */
export async function auditRows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  const p = pgPool("audit");
  if (p) return (await p.query(sql, params)).rows as T[];
  return db.$queryRawUnsafe<T[]>(sql, ...params);
}

/** Epoch milliseconds of a timestamp(3) column holding UTC (no zone), as float8. */
export const epochMs = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;
export const dateOf = (ms: number | null | undefined): Date | null => (ms === null || ms === undefined ? null : new Date(ms));
