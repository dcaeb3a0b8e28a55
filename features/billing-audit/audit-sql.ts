import "server-only";
import pg from "pg";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";

// The audit's bulk reads go through pg directly: through Prisma's raw path every query pays the
// client's compile and conversion overhead (~60 % of the sweep's Node CPU when measured), and
// the sweep issues thousands. Its own small pool, so a sweep never starves the webhook intake.
// Embedded PGlite (no DATABASE_URL) goes through Prisma. Queries must select only text, float8,
// int4 and boolean columns (money ::text, instants as epoch ms), so both paths return the same.
type Holder = { pool?: pg.Pool; url?: string };
const holder = ((globalThis as { __settleAuditPool?: Holder }).__settleAuditPool ??= {});

function pool(): pg.Pool | null {
  const url = process.env.DATABASE_URL || env().DATABASE_URL;
  if (!url) return null;
  if (!holder.pool || holder.url !== url) {
    void holder.pool?.end().catch(() => undefined);
    holder.pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    holder.pool.on("error", () => undefined);
    holder.url = url;
  }
  return holder.pool;
}

export async function auditRows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  const p = pool();
  if (p) return (await p.query(sql, params)).rows as T[];
  return db.$queryRawUnsafe<T[]>(sql, ...params);
}

/** Epoch milliseconds of a timestamp(3) column holding UTC (no zone), as float8. */
export const epochMs = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;
export const dateOf = (ms: number | null | undefined): Date | null => (ms === null || ms === undefined ? null : new Date(ms));
