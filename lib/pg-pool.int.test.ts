// The audit pool's and Prisma's sessions run without JIT (short statements that a lagging or
// generous cost estimate pushes above jit_above_cost gain nothing from compiling); the intake
// pool keeps the server's default.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { auditRows, inboxPool } from "./pg-pool";

describe("pg pools", () => {
  it("the audit pool's and Prisma's sessions have JIT off; the inbox pool's keep the server default", async () => {
    const db = await getDb();
    const [audit] = await auditRows<{ jit: string }>(db, `SELECT current_setting('jit') AS jit`);
    expect(audit.jit).toBe("off");
    const prisma = await db.$queryRawUnsafe<{ jit: string }[]>(`SELECT current_setting('jit') AS jit`);
    expect(prisma[0].jit).toBe("off");
    const plain = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await plain.connect();
    const server = await plain.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`);
    await plain.end();
    const inbox = await inboxPool()!.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`);
    expect(inbox.rows[0].jit).toBe(server.rows[0].jit);
  });
});
