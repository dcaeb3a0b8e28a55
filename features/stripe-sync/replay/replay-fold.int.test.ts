import { readFileSync } from "node:fs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { applyObjects } from "../projection/apply-objects";
import { hashProjections } from "./hash-projections";
import { replayEvents } from "./replay-events";
import { resetSyncTables } from "../testing/harness";
import type { AppliedObject, StripeJson } from "../types";

// Replay folds each invoice's snapshots in memory: it must leave exactly what applying every
// event one by one (as live sync did) leaves, for the sequences where order matters.
// Stripe's own example objects, kept in the repository (see that folder's README for the source).
const fx = JSON.parse(readFileSync(new URL("../testing/fixtures/stripe-openapi-fixtures.json", import.meta.url), "utf8")).resources;
const rates = { txr_f: { percentage: "19", displayName: "VAT", inclusive: false } };

function invoice(id: string, customer: string, status: string, lineIds: string[], o: { paid?: number; payments?: string[] } = {}): StripeJson {
  const lines = lineIds.map((lid, n) => ({
    ...fx.invoice.lines.data[0],
    id: lid,
    amount: 1000 * (n + 1),
    currency: "usd",
    quantity: n + 1,
    pricing: { type: "price_details", unit_amount_decimal: "1000", price_details: { price: "price_f", product: "prod_f" } },
    taxes: [
      { amount: 190 * (n + 1), tax_behavior: "exclusive", taxable_amount: 1000 * (n + 1), type: "tax_rate_details", tax_rate_details: { tax_rate: "txr_f" } },
    ],
    discount_amounts: [],
    discounts: [],
  }));
  const sub = lines.reduce((s, l) => s + l.amount, 0);
  const tax = lines.reduce((s, l) => s + l.taxes[0].amount, 0);
  const paid = o.paid ?? 0;
  return {
    ...fx.invoice,
    id,
    customer,
    status,
    currency: "usd",
    number: status === "draft" ? null : `F-${id}`,
    subtotal: sub,
    subtotal_excluding_tax: sub,
    total: sub + tax,
    total_excluding_tax: sub,
    amount_due: sub + tax,
    amount_paid: paid,
    amount_remaining: sub + tax - paid,
    amount_overpaid: 0,
    starting_balance: 0,
    ending_balance: status === "draft" ? null : 0,
    total_taxes: [{ amount: tax, tax_behavior: "exclusive", taxable_amount: sub, type: "tax_rate_details", tax_rate_details: { tax_rate: "txr_f" } }],
    total_discount_amounts: [],
    discounts: [],
    lines: { object: "list", data: lines, has_more: false },
    pre_payment_credit_notes_amount: 0,
    post_payment_credit_notes_amount: 0,
    payments: {
      object: "list",
      data: (o.payments ?? []).map((pid) => ({
        id: pid,
        object: "invoice_payment",
        amount_paid: paid,
        amount_requested: sub + tax,
        currency: "usd",
        status: "paid",
        is_default: true,
        payment: { type: "payment_intent", payment_intent: `pi_${pid}` },
        status_transitions: { paid_at: 1767225700 },
        created: 1767225600,
      })),
    },
  };
}
const customer = (id: string, name: string): StripeJson => ({ ...fx.customer, id, name, email: null, created: 1767225600 });

// [stripeCreated second, applied objects]: processed in this order.
type Ev = [number, AppliedObject[]];
const inv = (object: StripeJson, parentOnly = false): AppliedObject => ({ kind: "invoice", object, parentOnly, taxRates: rates });
const cus = (object: StripeJson, parentOnly = false): AppliedObject => ({ kind: "customer", object, parentOnly });

function scenario(): Ev[] {
  return [
    // A: draft lines change, then frozen once open (paid brings other lines: kept as they were);
    // a same-second open after paid and an older snapshot are stale.
    [100, [cus(customer("cus_fa", "A"), true), inv(invoice("in_fa", "cus_fa", "draft", ["il_a1", "il_a2"]))]],
    [101, [inv(invoice("in_fa", "cus_fa", "draft", ["il_a2", "il_a3"]))]],
    [102, [inv(invoice("in_fa", "cus_fa", "open", ["il_a2", "il_a3"]))]],
    [103, [inv(invoice("in_fa", "cus_fa", "paid", ["il_a2", "il_a3", "il_a4"], { paid: 5000, payments: ["inpay_a"] }))]],
    [103, [inv(invoice("in_fa", "cus_fa", "open", ["il_a2"]))]],
    [101, [inv(invoice("in_fa", "cus_fa", "draft", ["il_a9"]))]],
    // B: first brought as a parent (no event time), then its own events; a parent copy later is ignored.
    [110, [cus(customer("cus_fb", "B"), true), inv(invoice("in_fb", "cus_fb", "open", ["il_b1"]), true)]],
    [109, [inv(invoice("in_fb", "cus_fb", "open", ["il_b1", "il_b2"]))]],
    [111, [inv(invoice("in_fb", "cus_fb", "paid", ["il_b1"], { paid: 1190, payments: ["inpay_b1"] }))]],
    [112, [inv(invoice("in_fb", "cus_fb", "paid", ["il_b1"], { paid: 1190, payments: ["inpay_b1", "inpay_b2"] }))]],
    [113, [inv(invoice("in_fb", "cus_fb", "draft", ["il_b7"]), true)]],
    // Customers updated between invoice events; a customer event after its invoice.
    [114, [cus(customer("cus_fa", "A renamed"))]],
    // C: an open invoice with no lines stored gets them later; then void; then a late paid (stale, final).
    [120, [cus(customer("cus_fc", "C"), true), inv(invoice("in_fc", "cus_fc", "open", []))]],
    [121, [inv(invoice("in_fc", "cus_fc", "open", ["il_c1"]))]],
    [122, [inv(invoice("in_fc", "cus_fc", "void", ["il_c1"]))]],
    [123, [inv(invoice("in_fc", "cus_fc", "paid", ["il_c1"], { paid: 1190 }))]],
    // D: a deleted draft (not folded: goes one event at a time).
    [130, [cus(customer("cus_fd", "D"), true), inv(invoice("in_fd", "cus_fd", "draft", ["il_d1"]))]],
    [131, [inv({ id: "in_fd", object: "invoice", deleted: true })]],
  ];
}

async function seedInbox(evs: Ev[]) {
  const db = await getDb();
  const base = Date.UTC(2026, 0, 1);
  for (const [n, [sec, applied]] of evs.entries()) {
    await db.stripeEvent.create({
      data: {
        id: `evt_fold_${String(n).padStart(3, "0")}`,
        type: "invoice.updated",
        stripeCreated: new Date(base + sec * 1000),
        payload: {},
        status: "PROCESSED",
        processedAt: new Date(base + n * 10),
        appliedObjects: applied as never,
      },
    });
  }
}

async function applyOneByOne(evs: Ev[]) {
  const db = await getDb();
  const base = Date.UTC(2026, 0, 1);
  for (const [sec, applied] of evs) {
    await db.$transaction((tx) => applyObjects(tx, applied, new Date(base + sec * 1000)));
  }
}

afterAll(async () => {
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
});

describe("replay folds invoice snapshots", () => {
  it("leaves exactly what applying each event in order leaves (any batch size, with and without reset)", async () => {
    const evs = scenario();
    await seedInbox(evs);
    await applyOneByOne(evs);
    const live = await hashProjections(await getDb());
    expect(live.tables.Invoice.rows).toBe(4);
    const db = await getDb();
    // The cases the fold must get right, checked on the live result itself.
    const a = await db.invoice.findUniqueOrThrow({ where: { stripeId: "in_fa" }, include: { lines: true } });
    expect(a.status).toBe("PAID");
    expect(a.lines.map((l) => l.stripeId).sort()).toEqual(["il_a2", "il_a3"]);
    const b = await db.invoice.findUniqueOrThrow({ where: { stripeId: "in_fb" }, include: { lines: true } });
    expect(b.lines.map((l) => l.stripeId)).toEqual(["il_b1"]);
    expect(await db.invoicePayment.count({ where: { invoiceId: b.id } })).toBe(2);
    expect((await db.invoice.findUniqueOrThrow({ where: { stripeId: "in_fc" } })).status).toBe("VOID");
    expect((await db.invoice.findUniqueOrThrow({ where: { stripeId: "in_fd" } })).status).toBe("DELETED");

    for (const batchSize of [1000, 3, 1]) {
      // Progress is reported after every committed batch, counting events so far.
      const progress: number[] = [];
      const r = await replayEvents(await getDb(), { reset: true, batchSize, onBatch: (p) => progress.push(p.events) });
      expect(r.events).toBe(evs.length);
      expect(progress).toEqual(Array.from({ length: Math.ceil(evs.length / batchSize) }, (_, i) => Math.min(evs.length, (i + 1) * batchSize)));
      const replayed = await hashProjections(await getDb());
      expect(replayed.tables).toEqual(live.tables);
      expect(replayed.hash).toBe(live.hash);
    }
    await replayEvents(await getDb(), { reset: false });
    expect((await hashProjections(await getDb())).hash).toBe(live.hash);
  });
});
