// The projection_livemode migration gives existing refunds, credit notes and chargebacks the mode
// of the parent row (or of the event that wrote them), not a guessed default.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DIR = path.join(import.meta.dirname, "migrations");
const TARGET = readdirSync(DIR).find((d) => d.endsWith("_projection_livemode"))!;
const name = `settle_mig_livemode_${process.pid}_${randomBytes(3).toString("hex")}`;
let client: pg.Client;

const apply = async (dir: string) => client.query(readFileSync(path.join(DIR, dir, "migration.sql"), "utf8"));

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  // Every migration before this one, as a deployment that has not applied it yet.
  for (const dir of readdirSync(DIR)
    .filter((d) => /^\d{14}_/.test(d) && d < TARGET)
    .sort())
    await apply(dir);
}, 120_000);

afterAll(async () => {
  await client?.end();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("migration projection_livemode", () => {
  it("backfills livemode from the charge, the invoice or the processed event", async () => {
    await client.query(`
      INSERT INTO "Customer" (id, "stripeId", livemode, "stripeCreated", "updatedAt") VALUES ('cu1', 'cus_live', true, now(), now()), ('cu2', 'cus_test', false, now(), now());
      INSERT INTO "Charge" (id, "stripeId", "customerId", amount, currency, status, livemode, "stripeCreated")
        VALUES ('ch1', 'ch_live', 'cu1', 100, 'usd', 'succeeded', true, now()), ('ch2', 'ch_test', 'cu2', 100, 'usd', 'succeeded', false, now());
      INSERT INTO "Invoice" (id, "stripeId", "customerId", status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", livemode, "stripeCreated")
        VALUES ('in1', 'in_live', 'cu1', 'PAID', 'usd', 100, 100, 100, 100, 0, true, now()), ('in2', 'in_test', 'cu2', 'PAID', 'usd', 100, 100, 100, 100, 0, false, now());
      INSERT INTO "Refund" (id, "stripeId", "chargeId", amount, currency, status, "stripeCreated") VALUES
        ('re1', 're_live', 'ch1', 10, 'usd', 'succeeded', now()), ('re2', 're_test', 'ch2', 10, 'usd', 'succeeded', now()),
        ('re3', 're_no_charge_live', NULL, 10, 'usd', 'succeeded', now()), ('re4', 're_no_trace', NULL, 10, 'usd', 'succeeded', now());
      INSERT INTO "StripeEvent" (id, type, "objectType", "objectId", livemode, "stripeCreated", payload, status)
        VALUES ('evt_1', 'refund.created', 'refund', 're_no_charge_live', true, now(), '{}', 'PROCESSED');
      INSERT INTO "CreditNote" (id, "stripeId", "invoiceId", "customerId", status, currency, amount, subtotal, total, "stripeCreated")
        VALUES ('cn1', 'cn_live', 'in1', 'cu1', 'ISSUED', 'usd', 10, 10, 10, now()), ('cn2', 'cn_test', 'in2', 'cu2', 'ISSUED', 'usd', 10, 10, 10, now());
      INSERT INTO "Chargeback" (id, "stripeId", "chargeId", "chargeStripeId", amount, currency, status, "stripeCreated")
        VALUES ('dp1', 'dp_live', NULL, 'ch_live', 100, 'usd', 'needs_response', now()), ('dp2', 'dp_test', 'ch2', 'ch_test', 100, 'usd', 'needs_response', now());`);
    await apply(TARGET);
    const { rows } = await client.query<{ id: string; livemode: boolean }>(`
      SELECT "stripeId" AS id, livemode FROM "Refund" UNION ALL SELECT "stripeId", livemode FROM "CreditNote"
      UNION ALL SELECT "stripeId", livemode FROM "Chargeback" ORDER BY 1`);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.livemode]))).toEqual({
      re_live: true,
      re_test: false,
      re_no_charge_live: true,
      re_no_trace: false,
      cn_live: true,
      cn_test: false,
      dp_live: true,
      dp_test: false,
    });
  });
});
