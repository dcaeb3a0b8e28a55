import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, type Db } from "@/lib/db";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { createUser } from "@/features/disputes/testing/fixtures";
import { createTariff } from "@/features/billing-audit/create-tariff";
import { loadDraftContext } from "@/features/corrections/compose/load-draft-context";
import { applyTariffToDraft, type Draft } from "./draft";
import { getRecalculationPage } from "./get-recalculation-page";
import { listRecalculations } from "./list-recalculations";
import { saveRecalculation } from "./save-recalculation";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterAll(async () => {
  await closeDb();
});

/**
 * A synced, paid USD invoice as the projection stores it: 12 seats at 15.00 with a 5 % line
 * coupon, a 50.00 support plan, 10 % off the invoice, VAT 20 % on both lines.
 *   seats 18000 − 900 (line) = 17100; support 5000; subtotal 22100 (Stripe: net of the line coupon);
 *   invoice 10 % of 22100 = 2210 → 1710 / 500
 *   seats 15390 + VAT 3078; support 4500 + VAT 900 → total 23868
 */
async function seedDispute(options: { status?: "OPEN" | "RESOLVED"; tariff?: string; tiered?: boolean } = {}) {
  const id = randomBytes(5).toString("hex");
  const customerUser = await createUser(db, "CUSTOMER");
  const customer = await db.customer.create({ data: { stripeId: `cus_${id}`, email: customerUser.email, name: `Customer ${id}`, stripeCreated: new Date() } });
  await db.userCustomer.create({ data: { userId: customerUser.id, customerId: customer.id } });
  const period = new Date("2026-03-01T00:00:00Z");
  const vat = (amount: bigint, taxable: bigint) => ({
    taxRateId: `txr_vat_${id}`,
    displayName: "VAT",
    percentage: "20",
    inclusive: false,
    amount,
    taxableAmount: taxable,
  });
  const invoice = await db.invoice.create({
    data: {
      stripeId: `in_${id}`,
      customerId: customer.id,
      number: `INV-${id}`,
      status: "PAID",
      currency: "usd",
      subtotal: 22100n,
      subtotalExcludingTax: 22100n,
      total: 23868n,
      totalExcludingTax: 19890n,
      amountDue: 23868n,
      amountPaid: 23868n,
      amountRemaining: 0n,
      stripeCreated: period,
      discounts: {
        create: [
          { discountId: `di_line_${id}`, couponId: "co_five", percentOff: "5", amount: 900n },
          { discountId: `di_inv_${id}`, couponId: "co_loyal", percentOff: "10", amount: 2210n },
        ],
      },
      taxes: { create: [vat(3978n, 19890n)] },
      lines: {
        create: [
          {
            stripeId: `il_seats_${id}`,
            position: 0,
            description: "Team seats",
            currency: "usd",
            amount: 18000n,
            quantity: "12",
            unitAmountDecimal: "1500",
            priceId: null,
            productId: "prod_seats",
            periodStart: period,
            discounts: {
              create: [
                { discountId: `di_line_${id}`, couponId: "co_five", percentOff: "5", scope: "line", amount: 900n },
                { discountId: `di_inv_${id}`, couponId: "co_loyal", percentOff: "10", scope: "invoice", amount: 1710n },
              ],
            },
            taxes: { create: [vat(3078n, 15390n)] },
          },
          {
            stripeId: `il_support_${id}`,
            position: 1,
            description: "Support plan",
            currency: "usd",
            amount: 5000n,
            quantity: "1",
            unitAmountDecimal: "5000",
            productId: "prod_support",
            periodStart: period,
            discounts: { create: [{ discountId: `di_inv_${id}`, couponId: "co_loyal", percentOff: "10", scope: "invoice", amount: 500n }] },
            taxes: { create: [vat(900n, 4500n)] },
          },
        ],
      },
    },
    include: { lines: { orderBy: { position: "asc" } } },
  });
  if (options.tiered) {
    // The contract: seats 1–10 at 15.00, 11 and up at 12.00 (graduated), entered as staff do.
    const lead = await createUser(db, "LEAD");
    await db.price.upsert({
      where: { id: "price_seats_recalc" },
      create: { id: "price_seats_recalc", productId: "prod_seats", currency: "usd", unitAmountDecimal: "1500", stripeCreated: period },
      update: {},
    });
    await createTariff(db, {
      actor: lead,
      input: {
        customerId: customer.id,
        priceId: "price_seats_recalc",
        tiersMode: "graduated",
        tiers: [
          { upTo: "10", unitAmount: "15.00", flatAmount: "" },
          { upTo: "", unitAmount: "12.00", flatAmount: "" },
        ],
        validFrom: "2026-01-01",
        reason: "Volume contract 2026",
      },
    });
  }
  if (options.tariff) {
    await db.tariff.create({
      data: {
        customerId: customer.id,
        productId: "prod_seats",
        currency: "usd",
        unitAmountDecimal: options.tariff,
        validFrom: new Date("2026-01-01T00:00:00Z"),
      },
    });
  }
  const dispute = await db.dispute.create({
    data: {
      customerId: customer.id,
      invoiceId: invoice.id,
      reason: "WRONG_QUANTITY",
      description: "Charged 12 seats, we have 10.",
      currency: "usd",
      status: options.status ?? "OPEN",
      lines: { create: [{ invoiceLineId: invoice.lines[0].id, openLineKey: options.status === "RESOLVED" ? null : invoice.lines[0].id }] },
    },
  });
  return { id, customerUser, customer, invoice, dispute };
}

describe("recalculating a dispute's invoice", () => {
  it("starts from the synced lines: Stripe's figures on both sides, no difference", async () => {
    const { dispute, id } = await seedDispute();
    const agent = await createUser(db, "AGENT");
    const page = await getRecalculationPage(db, { actor: agent, disputeId: dispute.id });
    expect(page.stored.total).toBe(23868n);
    expect(page.input.lines.map((l) => l.id)).toEqual([`il_seats_${id}`, `il_support_${id}`]);
    expect(page.input.discounts).toEqual([{ id: `di_inv_${id}`, couponId: "co_loyal", percentOff: "10" }]);
    expect(page.draft.lines[0]).toMatchObject({ quantity: "12", unitAmount: "15.00", discounts: [{ id: `di_line_${id}`, kind: "percent", value: "5" }] });
    expect(page.lines[0]).toMatchObject({ description: "Team seats", disputed: true });
    expect(page.tariff).toBeNull();
    const saved = await saveRecalculation(db, { actor: agent, input: { disputeId: dispute.id, draft: page.draft } });
    expect(saved).toMatchObject({ outcome: "invoice_confirmed", differenceMinor: 0n });
  });

  it("'we have 10 seats': saves inputs and result with the difference, proposes a correction, audited in the same transaction", async () => {
    const { dispute, invoice, id } = await seedDispute();
    const agent = await createUser(db, "AGENT");
    const page = await getRecalculationPage(db, { actor: agent, disputeId: dispute.id });
    const draft: Draft = {
      ...page.draft,
      note: "Seat list attached by the customer shows 10",
      lines: page.draft.lines.map((l, i) => (i === 0 ? { ...l, quantity: "10" } : l)),
    };
    const saved = await saveRecalculation(db, { actor: agent, input: { disputeId: dispute.id, draft } });
    // seats 15000 − 750 = 14250; invoice 10 % of 19250 = 1925 → 1425 / 500; VAT 2565 + 900; total 12825 + 2565 + 4500 + 900 = 20790
    expect(saved).toMatchObject({ outcome: "customer_right", differenceMinor: 23868n - 20790n, currency: "usd" });
    const row = await db.recalculation.findUniqueOrThrow({ where: { id: saved.id } });
    expect(row).toMatchObject({
      disputeId: dispute.id,
      invoiceId: invoice.id,
      createdById: agent.id,
      originalTotal: 23868n,
      recalculatedTotal: 20790n,
      differenceMinor: 3078n,
      outcome: "customer_right",
    });
    const inputs = row.inputs as { edits: unknown[]; note: string; tariffApplied: boolean; input: { lines: unknown[] } };
    expect(inputs.edits).toEqual([{ type: "set_quantity", lineId: `il_seats_${id}`, quantity: "10" }]);
    expect(inputs.note).toBe("Seat list attached by the customer shows 10");
    expect(inputs.input.lines).toHaveLength(2);
    const result = row.result as { lines: { lineId: string; status: string; total: { difference: string } }[]; totals: { total: { difference: string } } };
    expect(result.lines.map((l) => [l.lineId, l.status, l.total.difference])).toEqual([
      [`il_seats_${id}`, "changed", "3078"],
      [`il_support_${id}`, "unchanged", "0"],
    ]);
    expect(result.totals.total.difference).toBe("3078");
    const audit = await db.auditEntry.findMany({ where: { entityType: "recalculation", entityId: saved.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: agent.id, action: "recalculation.create", reason: "Seat list attached by the customer shows 10" });
    expect(audit[0].after).toMatchObject({ disputeId: dispute.id, differenceMinor: "3078", outcome: "customer_right" });
    const list = await listRecalculations(db, { actor: agent, disputeId: dispute.id });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: saved.id, createdBy: agent.name, edits: 1, outcome: "customer_right", corrections: 0 });
  });

  it("applies the customer's contracted tariff in one click", async () => {
    const { dispute, id } = await seedDispute({ tariff: "1200" });
    const lead = await createUser(db, "LEAD");
    const page = await getRecalculationPage(db, { actor: lead, disputeId: dispute.id });
    expect(page.tariff).toEqual({ lines: [{ lineId: `il_seats_${id}`, unitAmountDecimal: "1200", discounts: [] }], invoiceDiscounts: [] });
    const saved = await saveRecalculation(db, { actor: lead, input: { disputeId: dispute.id, draft: applyTariffToDraft(page.draft, page.tariff!, "usd") } });
    // seats 14400 − 720 = 13680; 10 % of 18680 = 1868 → 1368 / 500; VAT 2462.4 → 2462 + 900; total 12312 + 2462 + 4500 + 900 = 20174
    expect(saved).toMatchObject({ outcome: "customer_right", differenceMinor: 23868n - 20174n });
    const row = await db.recalculation.findUniqueOrThrow({ where: { id: saved.id } });
    expect((row.inputs as { tariffApplied: boolean }).tariffApplied).toBe(true);
  });

  it("applies a contracted tiered tariff: the seats recomputed through its tiers, and the credit note is the difference", async () => {
    const { dispute, id } = await seedDispute({ tiered: true });
    const lead = await createUser(db, "LEAD");
    const page = await getRecalculationPage(db, { actor: lead, disputeId: dispute.id });
    expect(page.tariff!.lines).toEqual([
      {
        lineId: `il_seats_${id}`,
        unitAmountDecimal: null,
        tiered: {
          tariffId: expect.any(String),
          tiersMode: "graduated",
          tiers: [
            { upTo: 10, unitAmount: null, unitAmountDecimal: "1500", flatAmount: null, flatAmountDecimal: null },
            { upTo: "inf", unitAmount: null, unitAmountDecimal: "1200", flatAmount: null, flatAmountDecimal: null },
          ],
        },
        discounts: [],
      },
    ]);
    const draft = applyTariffToDraft(page.draft, page.tariff!, "usd");
    const saved = await saveRecalculation(db, { actor: lead, input: { disputeId: dispute.id, draft } });
    // seats 10 × 1500 + 2 × 1200 = 17400 − 5 % 870 = 16530; 10 % of (16530 + 5000) = 2153 → 1653 / 500;
    // seats 14877 + VAT 2975.4 → 2975; support 4500 + 900; total 23252: 616 charged too much
    expect(saved).toMatchObject({ outcome: "customer_right", differenceMinor: 616n });
    const row = await db.recalculation.findUniqueOrThrow({ where: { id: saved.id } });
    const inputs = row.inputs as { edits: { type: string; lineId: string }[]; tariffApplied: boolean };
    expect(inputs.tariffApplied).toBe(true);
    expect(inputs.edits.map((e) => [e.type, e.lineId])).toEqual([["set_tiered_price", `il_seats_${id}`]]);
    // The correction built from it: a credit note of exactly the difference, on the seats line.
    const correction = await loadDraftContext(db, { recalculationId: saved.id, mode: "invoice_line" });
    expect(correction.estimate.total).toBe(616n);
    // A draft naming a tariff the page did not load is refused as stale (the tiers never come from the browser).
    const forged = { ...draft, lines: draft.lines.map((l, i) => (i === 0 ? { ...l, contractTiers: "tar_forged" } : l)) };
    await expect(saveRecalculation(db, { actor: lead, input: { disputeId: dispute.id, draft: forged } })).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses invalid input with field errors and writes nothing", async () => {
    const { dispute } = await seedDispute();
    const agent = await createUser(db, "AGENT");
    const page = await getRecalculationPage(db, { actor: agent, disputeId: dispute.id });
    const bad = { ...page.draft, lines: page.draft.lines.map((l, i) => (i === 0 ? { ...l, quantity: "ten" } : { ...l, unitAmount: "abc" })) };
    const err = await saveRecalculation(db, { actor: agent, input: { disputeId: dispute.id, draft: bad } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields).toEqual({ "lines.0.quantity": "desk.recalc.err.quantity", "lines.1.unitAmount": "desk.recalc.err.unitAmount" });
    const stale = { ...page.draft, lines: page.draft.lines.slice(1) };
    await expect(saveRecalculation(db, { actor: agent, input: { disputeId: dispute.id, draft: stale } })).rejects.toMatchObject({
      message: "desk.recalc.err.stale",
    });
    await expect(saveRecalculation(db, { actor: agent, input: { disputeId: dispute.id, draft: "nonsense" } })).rejects.toBeInstanceOf(ValidationError);
    expect(await db.recalculation.count({ where: { disputeId: dispute.id } })).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "recalculation.create", after: { path: ["disputeId"], equals: dispute.id } } })).toBe(0);
  });

  it("does not recalculate a closed dispute", async () => {
    const { dispute } = await seedDispute({ status: "RESOLVED" });
    const agent = await createUser(db, "AGENT");
    const page = await getRecalculationPage(db, { actor: agent, disputeId: dispute.id });
    expect(page.closed).toBe(true);
    await expect(saveRecalculation(db, { actor: agent, input: { disputeId: dispute.id, draft: page.draft } })).rejects.toMatchObject({
      message: "desk.recalc.err.closed",
    });
  });
});

describe("who may recalculate", () => {
  it("staff only: the dispute's own customer, another customer and anonymous callers are refused, and nothing is written", async () => {
    const { dispute, customerUser } = await seedDispute();
    const agent = await createUser(db, "AGENT");
    const draft = (await getRecalculationPage(db, { actor: agent, disputeId: dispute.id })).draft;
    const other = await createUser(db, "CUSTOMER");
    for (const actor of [customerUser, other]) {
      await expect(saveRecalculation(db, { actor, input: { disputeId: dispute.id, draft } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getRecalculationPage(db, { actor, disputeId: dispute.id })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listRecalculations(db, { actor, disputeId: dispute.id })).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(saveRecalculation(db, { actor: null, input: { disputeId: dispute.id, draft } })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(getRecalculationPage(db, { actor: null, disputeId: dispute.id })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await db.recalculation.count({ where: { disputeId: dispute.id } })).toBe(0);
    // every staff role may
    for (const role of ["AGENT", "LEAD", "ADMIN"] as const) {
      const staff = await createUser(db, role);
      await expect(saveRecalculation(db, { actor: staff, input: { disputeId: dispute.id, draft } })).resolves.toMatchObject({ outcome: "invoice_confirmed" });
    }
    expect(await db.recalculation.count({ where: { disputeId: dispute.id } })).toBe(3);
  });

  it("an unknown dispute is not found", async () => {
    const agent = await createUser(db, "AGENT");
    await expect(getRecalculationPage(db, { actor: agent, disputeId: "nope" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveRecalculation(db, { actor: agent, input: { disputeId: "nope", draft: {} } })).rejects.toBeInstanceOf(NotFoundError);
  });
});
