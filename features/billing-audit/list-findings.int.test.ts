import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, type Db } from "@/lib/db";
import { createUser } from "@/features/disputes/testing/fixtures";
import { listFindings, type FindingFilters } from "./list-findings";
import { RULE_IDS } from "./rules";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterAll(async () => {
  await closeDb();
});

describe("the findings list", () => {
  it("pages by an opaque cursor, newest first; a cursor that is not ours means the first page", async () => {
    const agent = await createUser(db, "AGENT");
    const run = randomBytes(4).toString("hex");
    // Detected in the future, so they are the newest whatever other test files left in the database.
    const base = Date.UTC(2100, 0, 1);
    await db.finding.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({
        rule: RULE_IDS[0],
        fingerprint: `page-${run}-${i}`,
        severity: "LOW" as const,
        summary: `page ${run} ${i}`,
        evidence: {},
        detectedAt: new Date(base + i * 1000),
      })),
    });
    const filters: FindingFilters = { rule: RULE_IDS[0], severity: "LOW" };
    try {
      await expectPages(agent, filters, run);
    } finally {
      // Test files share the database: future findings would sit atop every other file's lists.
      await db.finding.deleteMany({ where: { fingerprint: { startsWith: `page-${run}-` } } });
    }
  });
});

async function expectPages(agent: Awaited<ReturnType<typeof createUser>>, filters: FindingFilters, run: string) {
  const p1 = await listFindings(db, { actor: agent, filters });
  expect(p1.rows.map((r) => r.summary)).toEqual(Array.from({ length: 50 }, (_, i) => `page ${run} ${54 - i}`));
  expect(p1.nextCursor).not.toBeNull();
  expect(p1.nextCursor).not.toContain(p1.rows[49].id);

  const p2 = await listFindings(db, { actor: agent, filters: { ...filters, cursor: p1.nextCursor! } });
  expect(p2.rows.slice(0, 5).map((r) => r.summary)).toEqual([4, 3, 2, 1, 0].map((i) => `page ${run} ${i}`));

  // A bare row id (the old cursor) or garbage is no cursor: the first page again.
  for (const cursor of [p1.rows[49].id, "%%%", ""]) {
    expect((await listFindings(db, { actor: agent, filters: { ...filters, cursor } })).rows[0].summary).toBe(`page ${run} 54`);
  }
}
