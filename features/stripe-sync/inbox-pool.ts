import "server-only";
import pg from "pg";
import { env } from "@/lib/env";

// The webhook intake is one INSERT per request on the hottest path Settle has. Through
// Prisma's raw query path it costs ~3–5 ms here, through pg directly ~1.4 ms, so intake uses
// a small pool of its own (Postgres only; embedded PGlite goes through Prisma).
type Holder = { pool?: pg.Pool; url?: string };
const holder = ((globalThis as { __settleInboxPool?: Holder }).__settleInboxPool ??= {});

export function inboxPool(): pg.Pool | null {
  const url = process.env.DATABASE_URL || env().DATABASE_URL;
  if (!url) return null;
  if (!holder.pool || holder.url !== url) {
    void holder.pool?.end().catch(() => undefined);
    // allowExitOnIdle: scripts and tests exit without having to close this pool.
    holder.pool = new pg.Pool({ connectionString: url, max: 5, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    holder.pool.on("error", () => undefined); // an idle client dropped by the server is simply replaced
    holder.url = url;
  }
  return holder.pool;
}
