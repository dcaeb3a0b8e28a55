import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { closeDb, getDb, type Db } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { getSyncDesk } from "../desk/get-sync-desk";
import { requestResync } from "./request-resync";
import { claimResyncLease, LEASE_STALE_SECONDS, readResyncLease, releaseResyncLease, renewResyncLease } from "./resync-lease";
import { isResyncRunning, runResync } from "./run-resync";

// A resync started by another web process, the worker or the CLI is a lease row this process did
// not write: here the test takes the lease directly, as such a process would.
let db: Db;
let lead: { id: string; role: "LEAD" };
let agent: { id: string; role: "AGENT" };

beforeAll(async () => {
  db = await getDb();
  const stamp = Date.now();
  lead = { id: (await db.user.create({ data: { email: `lease-lead-${stamp}@settle.test`, role: "LEAD" } })).id, role: "LEAD" };
  agent = { id: (await db.user.create({ data: { email: `lease-agent-${stamp}@settle.test`, role: "AGENT" } })).id, role: "AGENT" };
});
beforeEach(async () => {
  await db.setting.deleteMany({ where: { key: "stripe_sync.resync" } });
});
afterAll(async () => {
  await db.setting.deleteMany({ where: { key: "stripe_sync.resync" } });
  await closeDb();
});

const stale = () => db.$executeRaw`
  UPDATE "Setting" SET value = jsonb_set(value, '{heartbeatAt}', to_jsonb(now() - make_interval(secs => ${LEASE_STALE_SECONDS + 60})))
  WHERE key = 'stripe_sync.resync'`;

describe("resync lease: one resync at a time across processes", () => {
  it("a resync running in another process refuses the desk button and the CLI, and shows as running on this process's desk", async () => {
    const other = await claimResyncLease(db);
    expect(other).toBeTruthy();
    expect(isResyncRunning()).toBe(false);
    await expect(requestResync(db, { actor: lead })).rejects.toMatchObject({ message: "desk.sync.resyncRunning" });
    // refused before anything ran: no audit entry claims a resync was started
    expect(await db.auditEntry.count({ where: { action: "stripe_sync.resync", actorId: lead.id } })).toBe(0);
    await expect(runResync(db)).rejects.toBeInstanceOf(ConflictError);
    expect((await getSyncDesk(db, { actor: agent })).resync.running).toBe(true);
    // no second lease was taken meanwhile: the other holder still renews it
    expect(await renewResyncLease(db, other!)).toBe(true);

    await releaseResyncLease(db, other!);
    const desk = await getSyncDesk(db, { actor: agent });
    expect(desk.resync).toMatchObject({ running: false, lastError: null });
    expect(await readResyncLease(db)).toMatchObject({ running: false, abandoned: false });
  });

  it("a lease its process stopped renewing is taken over; the old holder learns it lost it", async () => {
    const dead = await claimResyncLease(db);
    expect(await claimResyncLease(db)).toBeNull();
    await stale();
    expect(await readResyncLease(db)).toMatchObject({ running: false, abandoned: true });
    const next = await claimResyncLease(db);
    expect(next).toBeTruthy();
    expect(next).not.toBe(dead);
    expect(await renewResyncLease(db, dead!)).toBe(false);
    expect(await renewResyncLease(db, next!)).toBe(true);
    // the old holder's late release does not end the new run
    await releaseResyncLease(db, dead!, "late");
    expect(await readResyncLease(db)).toMatchObject({ running: true, lastError: null });
  });

  it("a failed resync records its error (no key in it) and frees the lease", async () => {
    const unreachable = new Stripe("sk_test_lease_secret_value", { host: "127.0.0.1", port: 1, protocol: "http", maxNetworkRetries: 0 });
    await expect(runResync(db, { stripe: unreachable })).rejects.toThrow();
    const status = await readResyncLease(db);
    expect(status).toMatchObject({ running: false, abandoned: false });
    expect(status.lastError).toBeTruthy();
    expect(status.lastError).not.toContain("sk_test_lease_secret_value");
    expect((await getSyncDesk(db, { actor: agent })).resync.lastError).toBe(status.lastError);
    expect(await claimResyncLease(db)).toBeTruthy();
  });
});
