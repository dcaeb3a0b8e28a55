import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";

// One resync at a time across every web process, worker and CLI: a lease in the Setting table.
// The holder renews it after each listed page; a lease not renewed for LEASE_STALE_SECONDS
// belongs to a process that died, and the next resync takes it over (and resumes from the saved
// cursors). All times are the database's clock, so the processes' clocks do not matter.
const KEY = "stripe_sync.resync";
export const LEASE_STALE_SECONDS = 120;

export interface ResyncLeaseStatus {
  /** A resync holds a live lease somewhere (this process or another). */
  running: boolean;
  /** A lease was taken and never released, and it has gone stale: its process died mid-run. */
  abandoned: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  lastError: string | null;
}

/** Takes the lease unless a live one is held; returns the owner token, or null when a resync is running. */
export async function claimResyncLease(db: Db): Promise<string | null> {
  const owner = randomUUID();
  const rows = await db.$queryRaw<{ key: string }[]>`
    INSERT INTO "Setting" (key, value, "updatedAt")
    VALUES (${KEY}, jsonb_build_object('state', 'running', 'owner', ${owner}::text, 'startedAt', now(), 'heartbeatAt', now()), now())
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now()
    WHERE "Setting".value->>'state' IS DISTINCT FROM 'running'
       OR ("Setting".value->>'heartbeatAt')::timestamptz < now() - make_interval(secs => ${LEASE_STALE_SECONDS})
    RETURNING key`;
  return rows.length ? owner : null;
}

/** Renews the lease; false when it is no longer ours (it went stale and another run took it over). */
export async function renewResyncLease(db: Db, owner: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Setting" SET value = jsonb_set(value, '{heartbeatAt}', to_jsonb(now())), "updatedAt" = now()
    WHERE key = ${KEY} AND value->>'owner' = ${owner} AND value->>'state' = 'running'`;
  return n === 1;
}

/** Ends the run: finished, or failed with its (secret-free) error text. */
export async function releaseResyncLease(db: Db, owner: string, error?: string): Promise<void> {
  const state = error === undefined ? "finished" : "failed";
  await db.$executeRaw`
    UPDATE "Setting" SET value = value || jsonb_build_object('state', ${state}::text, 'finishedAt', now(), 'error', ${error ?? null}::text), "updatedAt" = now()
    WHERE key = ${KEY} AND value->>'owner' = ${owner}`;
}

export async function readResyncLease(db: Db): Promise<ResyncLeaseStatus> {
  const [row] = await db.$queryRaw<{ state: string; startedAt: Date | null; finishedAt: Date | null; error: string | null; fresh: boolean }[]>`
    SELECT value->>'state' AS state, (value->>'startedAt')::timestamptz AS "startedAt", (value->>'finishedAt')::timestamptz AS "finishedAt",
           value->>'error' AS error, (value->>'heartbeatAt')::timestamptz >= now() - make_interval(secs => ${LEASE_STALE_SECONDS}) AS fresh
    FROM "Setting" WHERE key = ${KEY}`;
  if (!row) return { running: false, abandoned: false, startedAt: null, finishedAt: null, lastError: null };
  const held = row.state === "running";
  return {
    running: held && row.fresh,
    abandoned: held && !row.fresh,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    lastError: row.state === "failed" ? row.error : null,
  };
}
