import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, closeDb, type Db } from "@/lib/db";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { writeAudit } from "./write-audit";
import { listAuditEntries } from "@/features/desk/list-audit-entries";
import { assignDispute } from "@/features/disputes/assign-dispute";
import { openDispute } from "@/features/disputes/open-dispute";
import { createCustomerWithInvoice, createUser } from "@/features/disputes/testing/fixtures";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterAll(async () => {
  await closeDb();
});

describe("audit log", () => {
  it("an audit entry written in a transaction that rolls back does not exist, nor does the change", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const agent = await createUser(db, "AGENT");
    const d = await openDispute(db, {
      actor: user,
      input: { invoiceId: invoice.id, reason: "OTHER", description: "Something is off here.", lines: [{ lineId: lineIds[0] }] },
    });
    await expect(
      db.$transaction(async (tx) => {
        await tx.dispute.update({ where: { id: d.id }, data: { assigneeId: agent.id } });
        await writeAudit(tx, { actor: { id: agent.id }, action: "dispute.assign", entityType: "dispute", entityId: d.id, after: { assigneeId: agent.id } });
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    expect(await db.auditEntry.count({ where: { entityId: d.id, action: "dispute.assign" } })).toBe(0);
    expect((await db.dispute.findUniqueOrThrow({ where: { id: d.id } })).assigneeId).toBeNull();
  });

  it("a staff action that fails after its audit write leaves neither behind", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const agent = await createUser(db, "AGENT");
    const d = await openDispute(db, {
      actor: user,
      input: { invoiceId: invoice.id, reason: "OTHER", description: "Something is off here.", lines: [{ lineId: lineIds[0] }] },
    });
    // Inject a fault at the audit insert itself (the last write of assignDispute): a trigger
    // that rejects audit rows for this dispute.
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION test_fail_assign() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."disputeId" = '${d.id}' THEN RAISE EXCEPTION 'injected'; END IF; RETURN NEW; END $$`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER test_fail_assign AFTER INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION test_fail_assign()`);
    try {
      await expect(assignDispute(db, { actor: agent, input: { disputeId: d.id, assigneeId: agent.id } })).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER test_fail_assign ON "AuditEntry"`);
    }
    // the trigger fired on the audit insert: the assignment (written before it) rolled back too
    expect((await db.dispute.findUniqueOrThrow({ where: { id: d.id } })).assigneeId).toBeNull();
    expect(await db.disputeMessage.count({ where: { disputeId: d.id, kind: "ASSIGNMENT" } })).toBe(0);
    await assignDispute(db, { actor: agent, input: { disputeId: d.id, assigneeId: agent.id } });
    const entries = await db.auditEntry.findMany({ where: { entityId: d.id, action: "dispute.assign" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: agent.id, actorLabel: `user:${agent.id}`, before: { assigneeId: null }, after: { assigneeId: agent.id } });
  });

  it("lists newest first with filters and keyset pages; leads only", async () => {
    const lead = await createUser(db, "LEAD");
    const agent = await createUser(db, "AGENT");
    for (let i = 0; i < 55; i++)
      await writeAudit(db, { actor: { id: lead.id }, action: "test.page", entityType: "thing", entityId: `t${i}`, after: { i, money: 10n ** 15n } });
    const p1 = await listAuditEntries(db, { actor: lead, filters: { action: "test.page" } });
    expect(p1.rows).toHaveLength(50);
    expect(p1.rows[0].entityId).toBe("t54");
    expect(p1.rows[0].after).toEqual({ i: 54, money: "1000000000000000" });
    const p2 = await listAuditEntries(db, { actor: lead, filters: { action: "test.page" }, cursor: p1.nextCursor });
    expect(p2.rows.map((r) => r.entityId)).toEqual(["t4", "t3", "t2", "t1", "t0"]);
    expect(p2.nextCursor).toBeNull();
    expect((await listAuditEntries(db, { actor: lead, filters: { entityType: "thing", entityId: "t7" } })).rows).toHaveLength(1);
    await expect(listAuditEntries(db, { actor: agent })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listAuditEntries(db, { actor: null })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
