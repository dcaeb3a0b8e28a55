// Contracted tiered tariffs against Postgres: created as staff type them (tiers in the currency's
// units, stored as Stripe stores a tiered Price's tiers), listed with their tiers, checked by the
// database (a tariff is per unit or tiered, never both), and judged by the audit.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, type Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { auditInvoice } from "./audit-invoices";
import { createTariff } from "./create-tariff";
import { listCustomerTariffs } from "./list-customer-tariffs";

const u = randomUUID().slice(0, 8);
let db: Db;
let lead: { id: string; role: "LEAD" };
let customerId: string;

async function seatsInvoice(amount: bigint, unit: string | null): Promise<string> {
  const stripeId = `in_${u}_${randomUUID().slice(0, 6)}`;
  const inv = await db.invoice.create({
    data: {
      stripeId,
      customerId,
      status: "PAID",
      currency: "usd",
      subtotal: amount,
      subtotalExcludingTax: amount,
      total: amount,
      totalExcludingTax: amount,
      amountDue: amount,
      amountPaid: amount,
      amountRemaining: 0n,
      stripeCreated: new Date("2026-03-01T00:00:00Z"),
      lines: {
        create: [
          {
            stripeId: `il_${stripeId}`,
            position: 0,
            currency: "usd",
            amount,
            quantity: "12",
            unitAmountDecimal: unit,
            priceId: `price_${u}`,
            productId: `prod_${u}`,
            periodStart: new Date("2026-03-01T00:00:00Z"),
          },
        ],
      },
    },
  });
  return inv.id;
}

const tier = (upTo: string, unitAmount = "", flatAmount = "") => ({ upTo, unitAmount, flatAmount });

beforeAll(async () => {
  db = await getDb();
  lead = { id: (await db.user.create({ data: { email: `lead-tiers-${u}@settle.test`, role: "LEAD" } })).id, role: "LEAD" };
  customerId = (
    await db.customer.create({ data: { stripeId: `cus_tiers_${u}`, email: `tiers-${u}@example.test`, currency: "usd", stripeCreated: new Date() } })
  ).id;
  await db.price.create({ data: { id: `price_${u}`, productId: `prod_${u}`, currency: "usd", unitAmountDecimal: "1500", stripeCreated: new Date() } });
  await db.price.create({ data: { id: `price_jpy_${u}`, productId: `prod_jpy_${u}`, currency: "jpy", unitAmountDecimal: "1500", stripeCreated: new Date() } });
});
afterAll(async () => {
  await closeDb();
});

describe("contracted tiered tariffs", () => {
  it("are stored as Stripe stores tiers (minor units, up_to inf), audited, and listed with their tier table", async () => {
    const input = {
      customerId,
      priceId: `price_${u}`,
      tiersMode: "graduated",
      tiers: [tier("10", "15.00"), tier("", "12,00", "0.50"), tier("")],
      validFrom: "2026-01-01",
      reason: "Volume contract 2026",
    };
    const { id } = await createTariff(db, { actor: lead, input });
    const row = await db.tariff.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ unitAmountDecimal: null, tiersMode: "graduated", currency: "usd", productId: `prod_${u}` });
    expect(row.tiers).toEqual([
      { up_to: 10, unit_amount_decimal: "1500", flat_amount_decimal: null },
      { up_to: "inf", unit_amount_decimal: "1200", flat_amount_decimal: "50" },
    ]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityType: "tariff", entityId: id } });
    expect(audit).toMatchObject({ action: "tariff.create", reason: "Volume contract 2026" });
    const page = await listCustomerTariffs(db, { actor: lead, customerId });
    expect(page.tariffs.find((t) => t.id === id)).toMatchObject({
      unitAmountDecimal: null,
      tiersMode: "graduated",
      tiers: [
        { upTo: "10", unitAmountDecimal: "1500", flatAmountDecimal: null },
        { upTo: null, unitAmountDecimal: "1200", flatAmountDecimal: "50" },
      ],
    });
  });

  it("the audit finds a line billed off the tiers and none on a line billed right", async () => {
    // 10 × 15.00 + 2 × 12.00 + 0.50 (the second tier's flat amount) = 174.50
    const right = await auditInvoice(db, await seatsInvoice(17450n, null), { runId: null });
    expect(right.findings.filter((f) => f.rule === "tariff_price")).toEqual([]);
    const off = await auditInvoice(db, await seatsInvoice(18000n, "1500"), { runId: null });
    const f = off.findings.filter((x) => x.rule === "tariff_price");
    expect(f.map((x) => [x.amountAtStakeMinor, x.severity])).toEqual([[550n, "HIGH"]]);
  });

  it("refuses a tier the currency cannot hold, or out of order, with that tier's field, and writes nothing", async () => {
    const before = await db.tariff.count({ where: { customerId } });
    // Yen has no minor unit; a unit amount keeps 12 decimals of it at most.
    const bad = await createTariff(db, {
      actor: lead,
      input: {
        customerId,
        priceId: `price_jpy_${u}`,
        tiersMode: "volume",
        tiers: [tier("5", "100"), tier("", "0.0000000000001")],
        validFrom: "2027-01-01",
        reason: "Yen tiers",
      },
    }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fields).toEqual({ "tiers.1.unitAmount": "audit.err.tierAmount" });
    const wrongOrder = await createTariff(db, {
      actor: lead,
      input: {
        customerId,
        priceId: `price_${u}`,
        tiersMode: "graduated",
        tiers: [tier("10", "1"), tier("5", "1"), tier("", "1")],
        validFrom: "2030-01-01",
        reason: "Out of order",
      },
    }).catch((e: unknown) => e);
    expect((wrongOrder as ValidationError).fields).toEqual({ "tiers.1.upTo": "audit.err.tierOrder" });
    expect(await db.tariff.count({ where: { customerId } })).toBe(before);
  });

  it("the database keeps a tariff per unit or tiered, never both nor neither", async () => {
    const base = { customerId, currency: "usd", validFrom: new Date("2031-01-01T00:00:00Z") };
    await expect(db.tariff.create({ data: { ...base, unitAmountDecimal: "1200", tiersMode: "graduated", tiers: [] } })).rejects.toThrow();
    await expect(db.tariff.create({ data: { ...base } })).rejects.toThrow();
    await expect(db.tariff.create({ data: { ...base, tiersMode: "stairs", tiers: [] } })).rejects.toThrow();
  });
});
