// The incremental audit loads the documents of the invoices one event touched. Its cost must not
// grow with the database: with the ids as a set-returning function over JSON, Postgres hash-joined
// them against a sequential scan of every invoice (46–48 % of Postgres time during a sync).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { getDb } from "@/lib/db";
import { INVOICE_DOCS_SQL, loadInvoiceDocs } from "./load-invoice-docs";

const PREFIX = "in_plan_test_";
const COUNT = 20_000;
let client: pg.Client;
let customerId = "";

beforeAll(async () => {
  const db = await getDb();
  const customer = await db.customer.create({ data: { stripeId: `cus_${PREFIX}`, stripeCreated: new Date("2026-01-01T00:00:00Z") } });
  customerId = customer.id;
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(
    `INSERT INTO "Invoice" (id, "stripeId", "customerId", status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", "stripeCreated", livemode)
     SELECT $1 || g, $1 || g, $2, 'PAID', 'usd', g, g, g, g, 0, now(), (g % 2 = 0) FROM generate_series(1, ${COUNT}) g`,
    [PREFIX, customerId],
  );
  await client.query(`ANALYZE "Invoice"`);
});

afterAll(async () => {
  await client.query(`DELETE FROM "Invoice" WHERE "customerId" = $1`, [customerId]);
  await client.query(`DELETE FROM "Customer" WHERE id = $1`, [customerId]);
  await client.end();
});

function nodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  return [plan, ...((plan.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(nodes)];
}

describe("loading the documents of the invoices an event touched", () => {
  it("looks each invoice up by its key instead of scanning the table", async () => {
    for (const ids of [[`${PREFIX}7`], [`${PREFIX}7`, `${PREFIX}9000`, `${PREFIX}19999`]]) {
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(`EXPLAIN (FORMAT JSON) ${INVOICE_DOCS_SQL}`, [ids, null]);
      const plan = nodes(rows[0]!["QUERY PLAN"][0].Plan);
      const onInvoice = plan.filter((n) => n["Relation Name"] === "Invoice");
      expect(onInvoice.map((n) => n["Node Type"])).not.toContain("Seq Scan");
      expect(onInvoice.some((n) => String(n["Node Type"]).startsWith("Index"))).toBe(true);
    }
  });

  it("returns exactly the invoices asked for, in the configured mode only", async () => {
    const db = await getDb();
    const docs = await loadInvoiceDocs(db, [`${PREFIX}8`, `${PREFIX}9`, "in_missing"]);
    expect(docs.map((d) => d.stripeId).sort()).toEqual([`${PREFIX}8`, `${PREFIX}9`]);
    expect(docs.find((d) => d.stripeId === `${PREFIX}9`)!.total).toBe(9n);
    const live = await loadInvoiceDocs(db, [`${PREFIX}8`, `${PREFIX}9`], true);
    expect(live.map((d) => d.stripeId)).toEqual([`${PREFIX}8`]);
    expect(await loadInvoiceDocs(db, [])).toEqual([]);
  });
  it("reads every instant to the millisecond, as UTC", async () => {
    const db = await getDb();
    const at = (iso: string) => new Date(iso);
    await db.invoice.update({
      where: { stripeId: `${PREFIX}11` },
      data: {
        stripeCreated: at("2026-03-04T05:06:07.089Z"), finalizedAt: at("2026-03-04T05:07:00.001Z"), paidAt: null,
        lines: { create: [{ stripeId: `il_${PREFIX}11`, position: 0, currency: "usd", amount: 11n, quantity: 1, periodStart: at("2026-02-28T23:59:59.999Z"), periodEnd: null }] },
        payments: { create: [{ stripeId: `inpay_${PREFIX}11`, amountRequested: 11n, currency: "usd", status: "paid", paidAt: at("2026-03-05T00:00:00.500Z"), stripeCreated: at("2026-03-04T05:06:07.089Z") }] },
      },
    });
    const [doc] = await loadInvoiceDocs(db, [`${PREFIX}11`]);
    expect(doc.stripeCreated.toISOString()).toBe("2026-03-04T05:06:07.089Z");
    expect(doc.finalizedAt?.toISOString()).toBe("2026-03-04T05:07:00.001Z");
    expect(doc.paidAt).toBeNull();
    expect(doc.lines[0].periodStart?.toISOString()).toBe("2026-02-28T23:59:59.999Z");
    expect(doc.lines[0].periodEnd).toBeNull();
    expect(doc.payments[0].paidAt?.toISOString()).toBe("2026-03-05T00:00:00.500Z");
  });
});
