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
  it("reads every field of the document: money exact, decimals trimmed, instants to the millisecond as UTC", async () => {
    const db = await getDb();
    const at = (iso: string) => new Date(iso);
    const tax = { taxRateId: "txr_doc", percentage: "8.8750", inclusive: false, amount: 4n, taxableAmount: 45n, taxabilityReason: "standard_rated" };
    // The line's price, as the audit's line_math reads it (a volume-tiered price with its tiers).
    const tiers = [
      { up_to: 5, unit_amount: null, unit_amount_decimal: "1000.5", flat_amount: 200, flat_amount_decimal: null },
      { up_to: null, unit_amount: 800, unit_amount_decimal: null, flat_amount: null, flat_amount_decimal: null },
    ];
    await db.price.upsert({
      where: { id: "price_doc" },
      create: {
        id: "price_doc",
        currency: "usd",
        billingScheme: "tiered",
        tiersMode: "volume",
        tiers,
        usageType: "metered",
        meterId: "mtr_doc",
        stripeCreated: at("2026-01-01T00:00:00Z"),
      },
      update: { usageType: "metered", meterId: "mtr_doc" },
    });
    await db.invoice.update({
      where: { stripeId: `${PREFIX}11` },
      data: {
        number: "DOC-11",
        subtotal: 45n,
        subtotalExcludingTax: 45n,
        total: 9007199254740993n,
        totalExcludingTax: null,
        amountOverpaid: 0n,
        stripeCreated: at("2026-03-04T05:06:07.089Z"),
        finalizedAt: at("2026-03-04T05:07:00.001Z"),
        paidAt: null,
        lines: {
          create: [
            {
              stripeId: `il_${PREFIX}11`,
              position: 0,
              currency: "usd",
              amount: 50n,
              quantity: "2.500000000000",
              unitAmountDecimal: "20.000000000000",
              priceId: "price_doc",
              productId: null,
              periodStart: at("2026-02-28T23:59:59.999Z"),
              periodEnd: null,
              proration: true,
              subscriptionItemId: "si_doc",
              creditedItems: { invoice: "in_doc0", invoice_line_items: ["il_doc0", "il_doc1"] },
              discounts: { create: [{ discountId: "di_doc", couponId: "co_doc", percentOff: "10.0000", amountOff: null, scope: "line", amount: 5n }] },
              taxes: { create: [tax] },
            },
          ],
        },
        discounts: { create: [{ discountId: "di_doc", couponId: "co_doc", scope: "line", amount: 5n }] },
        taxes: { create: [{ ...tax, taxabilityReason: null }] },
        payments: {
          create: [
            {
              stripeId: `inpay_${PREFIX}11`,
              paymentIntentStripeId: "pi_doc",
              outOfBand: false,
              amountPaid: null,
              amountRequested: 11n,
              currency: "usd",
              status: "open",
              paidAt: at("2026-03-05T00:00:00.500Z"),
              stripeCreated: at("2026-03-04T05:06:07.089Z"),
            },
          ],
        },
      },
    });
    const [doc] = await loadInvoiceDocs(db, [`${PREFIX}11`]);
    const { id, lines, ...rest } = doc;
    expect(id).toBe(`${PREFIX}11`);
    expect(rest).toEqual({
      stripeId: `${PREFIX}11`,
      customerId,
      number: "DOC-11",
      status: "PAID",
      currency: "usd",
      subtotal: 45n,
      subtotalExcludingTax: 45n,
      total: 9007199254740993n,
      totalExcludingTax: null,
      amountDue: 11n,
      amountPaid: 11n,
      amountRemaining: 0n,
      amountOverpaid: 0n,
      stripeCreated: at("2026-03-04T05:06:07.089Z"),
      finalizedAt: at("2026-03-04T05:07:00.001Z"),
      paidAt: null,
      discounts: [{ discountId: "di_doc", couponId: "co_doc", amount: 5n }],
      taxes: [{ ...tax, percentage: "8.875", taxabilityReason: null }],
      payments: [
        {
          stripeId: `inpay_${PREFIX}11`,
          paymentIntentStripeId: "pi_doc",
          chargeStripeId: null,
          outOfBand: false,
          amountPaid: null,
          amountRequested: 11n,
          currency: "usd",
          status: "open",
          paidAt: at("2026-03-05T00:00:00.500Z"),
        },
      ],
    });
    expect(lines).toEqual([
      {
        id: expect.any(String),
        stripeId: `il_${PREFIX}11`,
        position: 0,
        currency: "usd",
        amount: 50n,
        quantity: "2.5",
        unitAmountDecimal: "20",
        priceId: "price_doc",
        productId: null,
        periodStart: at("2026-02-28T23:59:59.999Z"),
        periodEnd: null,
        proration: true,
        price: {
          billingScheme: "tiered",
          tiersMode: "volume",
          tiers: [
            { upTo: 5, unitAmount: null, unitAmountDecimal: "1000.5", flatAmount: 200, flatAmountDecimal: null },
            { upTo: "inf", unitAmount: 800, unitAmountDecimal: null, flatAmount: null, flatAmountDecimal: null },
          ],
        },
        meterId: "mtr_doc",
        subscriptionItemId: "si_doc",
        creditedItems: { invoice: "in_doc0", lines: ["il_doc0", "il_doc1"] },
        discounts: [{ discountId: "di_doc", couponId: "co_doc", percentOff: "10", amountOff: null, scope: "line", amount: 5n }],
        taxes: [{ ...tax, percentage: "8.875" }],
      },
    ]);
  });
});
