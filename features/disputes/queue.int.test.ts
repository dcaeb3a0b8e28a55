import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, closeDb, type Db } from "@/lib/db";
import { RateLimitedError, ValidationError } from "@/lib/errors";
import { createCustomerWithInvoice, createUser } from "./testing/fixtures";
import { openDispute } from "./open-dispute";
import { listDisputeQueue } from "./list-dispute-queue";
import { postStaffMessage } from "./post-staff-message";
import { changeDisputeStatus } from "./change-dispute-status";
import { DISPUTE_LIMITS } from "./dispute-rate-limit";
import { replyToDispute } from "./reply-to-dispute";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterAll(async () => {
  await closeDb();
});

describe("staff queue", () => {
  it("sorts by the next deadline, filters, and pages by keyset", async () => {
    const agent = await createUser(db, "AGENT");
    const wed = new Date("2026-11-25T10:00:00Z");
    const ids: string[] = [];
    // opened on different days → different deadlines; assigned to one agent to isolate this test
    for (const [i, reason] of (["WRONG_PRICE", "DISCOUNT", "WRONG_PRICE", "TAX_WRONG"] as const).entries()) {
      const f = await createCustomerWithInvoice(db, { currency: i === 3 ? "eur" : "usd" });
      const d = await openDispute(db, {
        actor: f.user,
        input: {
          invoiceId: f.invoice.id,
          reason,
          description: "Please check this line.",
          lines: [{ lineId: f.lineIds[0], expectedAmount: i === 0 ? "20.00" : "100.00" }],
        },
        now: new Date(wed.getTime() - (3 - i) * 24 * 3600 * 1000),
      });
      await db.dispute.update({ where: { id: d.id }, data: { assigneeId: agent.id } });
      ids.push(d.id);
    }
    const now = new Date("2026-11-25T12:00:00Z");
    const all = await listDisputeQueue(db, { actor: agent, filters: { assignee: "me" }, now });
    // ids[0] opened Sunday → due Mon… earliest; order follows opening time here
    expect(all.rows.map((r) => r.id)).toEqual(ids);
    expect(all.rows[0].sla).toBe("breached");

    // a first response moves that dispute's next deadline to its resolution deadline (later)
    await postStaffMessage(db, { actor: agent, input: { disputeId: ids[0], body: "Looking into it." }, now });
    const after = await listDisputeQueue(db, { actor: agent, filters: { assignee: "me" }, now });
    expect(after.rows.map((r) => r.id).indexOf(ids[0])).toBeGreaterThan(0);

    expect((await listDisputeQueue(db, { actor: agent, filters: { assignee: "me", reason: "WRONG_PRICE" }, now })).rows.map((r) => r.id).sort()).toEqual(
      [ids[0], ids[2]].sort(),
    );
    expect((await listDisputeQueue(db, { actor: agent, filters: { assignee: "me", currency: "eur" }, now })).rows.map((r) => r.id)).toEqual([ids[3]]);
    // claimed: 120.00 − 20.00 = 100.00 for ids[0]; 120.00 − 100.00 = 20.00 for the rest
    expect((await listDisputeQueue(db, { actor: agent, filters: { assignee: "me", currency: "usd", minAmount: "50" }, now })).rows.map((r) => r.id)).toEqual([
      ids[0],
    ]);
    await expect(listDisputeQueue(db, { actor: agent, filters: { assignee: "me", minAmount: "50" }, now })).rejects.toBeInstanceOf(ValidationError);

    const breached = await listDisputeQueue(db, { actor: agent, filters: { assignee: "me", sla: "breached" }, now });
    expect(breached.rows.length).toBeGreaterThan(0);
    expect(breached.rows.every((r) => r.sla === "breached")).toBe(true);

    // waiting on the customer: paused, so never listed as breached
    await changeDisputeStatus(db, { actor: agent, input: { disputeId: ids[1], status: "WAITING_ON_CUSTOMER" }, now });
    const breached2 = await listDisputeQueue(db, { actor: agent, filters: { assignee: "me", sla: "breached" }, now });
    expect(breached2.rows.map((r) => r.id)).not.toContain(ids[1]);
    expect((await listDisputeQueue(db, { actor: agent, filters: { assignee: "me", status: "WAITING_ON_CUSTOMER" }, now })).rows.map((r) => r.id)).toEqual([
      ids[1],
    ]);
  });

  it("keyset pagination returns every row exactly once", async () => {
    const agent = await createUser(db, "AGENT");
    const f = await createCustomerWithInvoice(db, { lines: Array.from({ length: 30 }, () => ({ amount: 100n, quantity: "1" })) });
    const same = new Date("2026-11-24T10:00:00Z");
    for (const lineId of f.lineIds) {
      const d = await openDispute(db, {
        actor: f.user,
        input: { invoiceId: f.invoice.id, reason: "OTHER", description: "Same-time disputes.", lines: [{ lineId }] },
        now: same,
      }).catch(async (e) => {
        if (e instanceof RateLimitedError) {
          await db.rateLimit.deleteMany({});
          return openDispute(db, {
            actor: f.user,
            input: { invoiceId: f.invoice.id, reason: "OTHER", description: "Same-time disputes.", lines: [{ lineId }] },
            now: same,
          });
        }
        throw e;
      });
      await db.dispute.update({ where: { id: d.id }, data: { assigneeId: agent.id } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listDisputeQueue>> = await listDisputeQueue(db, { actor: agent, filters: { assignee: "me" }, cursor });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });
});

describe("rate limits", () => {
  it("dispute creation is limited per user", async () => {
    const f = await createCustomerWithInvoice(db, { lines: Array.from({ length: DISPUTE_LIMITS.open.points + 1 }, () => ({ amount: 100n, quantity: "1" })) });
    const results = [];
    for (const lineId of f.lineIds) {
      results.push(
        await openDispute(db, {
          actor: f.user,
          input: { invoiceId: f.invoice.id, reason: "OTHER", description: "Rate limit check.", lines: [{ lineId }] },
        }).then(
          () => "ok",
          (e) => e,
        ),
      );
    }
    expect(results.filter((r) => r === "ok")).toHaveLength(DISPUTE_LIMITS.open.points);
    expect(results.at(-1)).toBeInstanceOf(RateLimitedError);
  });

  it("replies are limited per user", async () => {
    const f = await createCustomerWithInvoice(db);
    const d = await openDispute(db, {
      actor: f.user,
      input: { invoiceId: f.invoice.id, reason: "OTHER", description: "Rate limit check.", lines: [{ lineId: f.lineIds[0] }] },
    });
    let limited: unknown = null;
    for (let i = 0; i <= DISPUTE_LIMITS.reply.points && !limited; i++) {
      await replyToDispute(db, { actor: f.user, input: { disputeId: d.id, body: `reply ${i}` } }).catch((e) => (limited = e));
    }
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(await db.disputeMessage.count({ where: { disputeId: d.id, kind: "MESSAGE" } })).toBe(1 + DISPUTE_LIMITS.reply.points);
  });
});
