// The audit pool's sessions run without JIT (its batch reads are planner-costed above
// jit_above_cost but gain nothing from compiling); the intake pool keeps the server's default.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { auditRows, inboxPool } from "./pg-pool";

describe("pg pools", () => {
  it("the audit pool's sessions have JIT off; the inbox pool's keep the server default", async () => {
    const db = await getDb();
    const [audit] = await auditRows<{ jit: string }>(db, `SELECT current_setting('jit') AS jit`);
    expect(audit.jit).toBe("off");
    const server = await db.$queryRawUnsafe<{ jit: string }[]>(`SELECT current_setting('jit') AS jit`);
    const inbox = await inboxPool()!.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`);
    expect(inbox.rows[0].jit).toBe(server[0].jit);
  });
});
