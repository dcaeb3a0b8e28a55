import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "./db";

describe("audit entries are append-only at the database level", () => {
  afterAll(closeDb);

  it("accepts inserts and rejects UPDATE and DELETE", async () => {
    const db = await getDb();
    const entry = await db.auditEntry.create({
      data: { actorLabel: "test", action: "test.insert", entityType: "Test", entityId: "1" },
    });
    await expect(db.auditEntry.update({ where: { id: entry.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEntry"`)).rejects.toThrow(/append-only/);
    const again = await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(again.action).toBe("test.insert");
  });
});
