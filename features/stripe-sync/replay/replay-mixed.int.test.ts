import { readFileSync } from "node:fs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { applyObjects } from "../projection/apply-objects";
import { RESYNC_EVENT_TYPE } from "../events/resolve-event";
import { hashProjections } from "./hash-projections";
import { replayEvents } from "./replay-events";
import { resetSyncTables } from "../testing/harness";
import type { AppliedObject, StripeJson } from "../types";

// Replay reduces each batch in memory (batch-reducer.ts): payment intents, charges, refunds,
// customers and invoices interleaved, with the kinds it does not reduce (credit notes, disputes, a
// deleted customer) applied one by one in between. It must leave exactly what live sync left
// applying every event in order: stale and same-second snapshots, a charge seen before its
// payment intent, refunds taking their customer from their charge, parents that only insert.
const fx = JSON.parse(readFileSync(new URL("../testing/fixtures/stripe-openapi-fixtures.json", import.meta.url), "utf8")).resources;
const rates = { txr_m: { percentage: "19", displayName: "VAT", inclusive: false } };
const T = 1767225600;

function invoice(id: string, customer: string, status: string, o: { paid?: number; payments?: string[] } = {}): StripeJson {
  const line = {
    ...fx.invoice.lines.data[0],
    id: `il_${id}`,
    amount: 1000,
    currency: "usd",
    quantity: 1,
    pricing: { type: "price_details", unit_amount_decimal: "1000", price_details: { price: "price_m1", product: "prod_m" } },
    taxes: [{ amount: 190, tax_behavior: "exclusive", taxable_amount: 1000, type: "tax_rate_details", tax_rate_details: { tax_rate: "txr_m" } }],
    discount_amounts: [],
    discounts: [],
  };
  const paid = o.paid ?? 0;
  return {
    ...fx.invoice,
    id,
    customer,
    status,
    currency: "usd",
    number: status === "draft" ? null : `M-${id}`,
    subtotal: 1000,
    subtotal_excluding_tax: 1000,
    total: 1190,
    total_excluding_tax: 1000,
    amount_due: 1190,
    amount_paid: paid,
    amount_remaining: 1190 - paid,
    amount_overpaid: 0,
    starting_balance: 0,
    ending_balance: status === "draft" ? null : 0,
    total_taxes: [{ amount: 190, tax_behavior: "exclusive", taxable_amount: 1000, type: "tax_rate_details", tax_rate_details: { tax_rate: "txr_m" } }],
    total_discount_amounts: [],
    discounts: [],
    lines: { object: "list", data: [line], has_more: false },
    pre_payment_credit_notes_amount: 0,
    post_payment_credit_notes_amount: 0,
    payments: {
      object: "list",
      data: (o.payments ?? []).map((pid) => ({
        id: pid,
        object: "invoice_payment",
        amount_paid: paid,
        amount_requested: 1190,
        currency: "usd",
        status: "paid",
        is_default: true,
        payment: { type: "payment_intent", payment_intent: "pi_m1" },
        status_transitions: { paid_at: T + 100 },
        created: T,
      })),
    },
  };
}
const customer = (id: string, name: string): StripeJson => ({ ...fx.customer, id, name, email: null, created: T });
const pi = (id: string, cus: string, status: string, received = 0): StripeJson => ({
  id,
  object: "payment_intent",
  amount: 1190,
  amount_received: received,
  currency: "usd",
  status,
  customer: cus,
  description: null,
  last_payment_error: status === "requires_payment_method" ? { code: "card_declined", decline_code: "insufficient_funds", message: "Declined" } : null,
  created: T,
  livemode: false,
});
const charge = (id: string, piId: string, status: string, o: { refunded?: number; disputed?: boolean } = {}): StripeJson => ({
  id,
  object: "charge",
  amount: 1190,
  amount_captured: status === "succeeded" ? 1190 : 0,
  amount_refunded: o.refunded ?? 0,
  currency: "usd",
  status,
  paid: status === "succeeded",
  refunded: false,
  disputed: o.disputed === true,
  customer: "cus_m1",
  payment_intent: piId,
  payment_method_details: { type: "card", card: { brand: "visa", last4: "4242" } },
  outcome: { reason: null, network_decline_code: null },
  created: T,
  livemode: false,
});
const refund = (id: string, ch: string, status: string): StripeJson => ({
  id,
  object: "refund",
  amount: 500,
  charge: ch,
  payment_intent: "pi_m2",
  currency: "usd",
  status,
  reason: null,
  created: T,
});
const creditNote: StripeJson = {
  id: "cn_m1",
  object: "credit_note",
  invoice: "in_m1",
  customer: "cus_m2",
  status: "issued",
  type: "post_payment",
  number: "CN-M1",
  currency: "usd",
  amount: 500,
  subtotal: 500,
  subtotal_excluding_tax: 500,
  total: 500,
  total_excluding_tax: 500,
  discount_amount: 0,
  pre_payment_amount: 0,
  post_payment_amount: 500,
  out_of_band_amount: 0,
  refunds: [{ refund: "re_m2", amount_refunded: 500 }],
  lines: {
    data: [
      {
        id: "cnli_m1",
        type: "invoice_line_item",
        invoice_line_item: "il_in_m1",
        amount: 500,
        discount_amount: 0,
        quantity: 1,
        unit_amount_decimal: "500",
        taxes: [],
      },
    ],
  },
  created: T + 13,
  livemode: false,
  metadata: {},
};
const dispute: StripeJson = {
  id: "dp_m1",
  object: "dispute",
  charge: "ch_m0",
  amount: 1190,
  currency: "usd",
  status: "needs_response",
  reason: "fraudulent",
  created: T + 15,
  livemode: false,
};
const price = (active: boolean): StripeJson => ({
  id: "price_m1",
  object: "price",
  product: "prod_m",
  currency: "usd",
  unit_amount: 1000,
  unit_amount_decimal: "1000",
  billing_scheme: "per_unit",
  recurring: null,
  active,
  created: T,
});

type Ev = [sec: number | null, objects: AppliedObject[]];
const k = (kind: AppliedObject["kind"], object: StripeJson, parentOnly = false): AppliedObject => ({ kind, object, parentOnly, taxRates: rates });

function scenario(): Ev[] {
  return [
    [200, [k("customer", customer("cus_m1", "One"), true), k("payment_intent", pi("pi_m1", "cus_m1", "requires_payment_method"))]],
    [201, [k("payment_intent", pi("pi_m1", "cus_m1", "processing"))]],
    [210, [k("customer", customer("cus_m2", "Two"), true), k("invoice", invoice("in_m1", "cus_m2", "draft"))]],
    [203, [k("payment_intent", pi("pi_m1", "cus_m1", "succeeded", 1190))]],
    [202, [k("payment_intent", pi("pi_m1", "cus_m1", "processing"))]], // older: stale
    [203, [k("payment_intent", pi("pi_m1", "cus_m1", "requires_action"))]], // same second, behind: stale
    [211, [k("invoice", invoice("in_m1", "cus_m2", "open"))]],
    // A charge before its payment intent is projected: no payment intent id until a later snapshot.
    [199, [k("charge", charge("ch_m0", "pi_m2", "pending"))]],
    [204, [k("payment_intent", pi("pi_m2", "cus_m1", "requires_confirmation"))]],
    [205, [k("charge", charge("ch_m0", "pi_m2", "succeeded"))]],
    [205, [k("charge", charge("ch_m0", "pi_m2", "succeeded", { refunded: 500 }))]], // same second, further: applies
    [205, [k("charge", charge("ch_m0", "pi_m2", "succeeded"))]], // same second, behind: stale
    [212, [k("invoice", invoice("in_m1", "cus_m2", "paid", { paid: 1190, payments: ["inpay_m1"] }))]],
    // Delivered invoice payments, ordered with the invoice's own snapshots: a settled payment stays settled.
    [
      212,
      [
        k("invoice_payment", {
          ...invoice("in_m1", "cus_m2", "paid", { paid: 1190, payments: ["inpay_m1"] }).payments.data[0],
          status: "open",
          invoice: "in_m1",
        }),
      ],
    ],
    [213, [k("invoice_payment", { ...invoice("in_m1", "cus_m2", "paid", { paid: 100, payments: ["inpay_m2"] }).payments.data[0], invoice: "in_m1" })]],
    [206, [k("charge", charge("ch_m0", "pi_m2", "pending"), true), k("refund", refund("re_m1", "ch_m0", "pending"))]],
    [207, [k("refund", refund("re_m1", "ch_m0", "succeeded"))]],
    [206, [k("refund", refund("re_m1", "ch_m0", "pending"))]], // older: stale
    // Not reduced: a credit note (its refund and invoice as parents), then reduced events again.
    [213, [k("refund", refund("re_m2", "ch_m0", "pending"), true), k("invoice", invoice("in_m1", "cus_m2", "open"), true), k("credit_note", creditNote)]],
    [214, [k("refund", refund("re_m2", "ch_m0", "succeeded"))]],
    [215, [k("charge", charge("ch_m0", "pi_m2", "succeeded", { refunded: 500 }), true), k("dispute", dispute)]],
    [216, [k("charge", charge("ch_m0", "pi_m2", "succeeded", { refunded: 1000, disputed: true }))]],
    [217, [k("price", price(true))]],
    [218, [k("price", price(false), true)]], // a parent copy: the price exists, left alone
    [219, [k("customer", customer("cus_m2", "Two renamed"))]],
    [
      220,
      [
        k("customer", customer("cus_m3", "Three"), true),
        k("payment_intent", pi("pi_m3", "cus_m3", "processing"), true),
        k("charge", charge("ch_m3", "pi_m3", "pending")),
      ],
    ],
    [221, [k("payment_intent", pi("pi_m3", "cus_m3", "succeeded", 1190))]],
    [222, [k("customer", { id: "cus_m3", object: "customer", deleted: true })]],
    [223, [k("customer", customer("cus_m3", "Three again"))]], // deleted is final
    [224, [k("payment_intent", pi("pi_m4", "cus_m3", "requires_payment_method"))]],
    // A resync snapshot (no event time): only the forward-status rule applies.
    [null, [k("payment_intent", { ...pi("pi_m2", "cus_m1", "processing"), description: "resynced" })]],
    [225, [k("invoice", invoice("in_m2", "cus_m1", "draft")), k("payment_intent", pi("pi_m5", "cus_m1", "requires_payment_method"))]],
    [226, [k("invoice", invoice("in_m2", "cus_m1", "open"))]],
    // A price fetched with its tiers, then updated by a webhook without them: the tiers stay.
    [
      227,
      [
        k("price", {
          ...price(true),
          id: "price_m2",
          billing_scheme: "tiered",
          tiers_mode: "graduated",
          tiers: [
            { up_to: 10, unit_amount: 100 },
            { up_to: null, unit_amount: 80 },
          ],
          transform_quantity: { divide_by: 10, round: "up" },
        }),
      ],
    ],
    [
      228,
      [
        k("price", {
          ...price(true),
          id: "price_m2",
          billing_scheme: "tiered",
          tiers_mode: "graduated",
          unit_amount: null,
          unit_amount_decimal: null,
          transform_quantity: { divide_by: 10, round: "up" },
        }),
      ],
    ],
  ];
}

const base = Date.UTC(2026, 0, 1);
async function seedInbox(evs: Ev[]) {
  const db = await getDb();
  for (const [n, [sec, applied]] of evs.entries()) {
    await db.stripeEvent.create({
      data: {
        id: `evt_mixed_${String(n).padStart(3, "0")}`,
        type: sec === null ? RESYNC_EVENT_TYPE : "mixed.updated",
        stripeCreated: new Date(base + (sec ?? 0) * 1000),
        payload: {},
        status: "PROCESSED",
        processedAt: new Date(base + n * 10),
        appliedObjects: applied as never,
      },
    });
  }
}

afterAll(async () => {
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
});

describe("replay reduces mixed batches", () => {
  it("leaves exactly what applying each event of every kind in order leaves (any batch size, with and without reset)", async () => {
    const evs = scenario();
    await seedInbox(evs);
    const db = await getDb();
    for (const [sec, applied] of evs) await db.$transaction((tx) => applyObjects(tx, applied, sec === null ? null : new Date(base + sec * 1000)));
    const live = await hashProjections(db);

    // The cases the reduction must get right, checked on the live result itself.
    const pi1 = await db.paymentIntent.findUniqueOrThrow({ where: { stripeId: "pi_m1" } });
    expect([pi1.status, pi1.amountReceived, pi1.lastEventAt?.getTime()]).toEqual(["succeeded", 1190n, base + 203_000]);
    const pi2 = await db.paymentIntent.findUniqueOrThrow({ where: { stripeId: "pi_m2" } });
    expect([pi2.status, pi2.description, pi2.lastEventAt?.getTime()]).toEqual(["processing", "resynced", base + 204_000]);
    const ch = await db.charge.findUniqueOrThrow({ where: { stripeId: "ch_m0" }, include: { paymentIntent: true } });
    expect([ch.paymentIntent?.stripeId, ch.amountRefunded, ch.disputed]).toEqual(["pi_m2", 1000n, true]);
    const re1 = await db.refund.findUniqueOrThrow({ where: { stripeId: "re_m1" }, include: { customer: true, charge: true } });
    expect([re1.status, re1.customer?.stripeId, re1.charge?.stripeId]).toEqual(["succeeded", "cus_m1", "ch_m0"]);
    const re2 = await db.refund.findUniqueOrThrow({ where: { stripeId: "re_m2" } });
    expect([re2.status, re2.creditNoteStripeId]).toEqual(["succeeded", "cn_m1"]);
    const cus3 = await db.customer.findUniqueOrThrow({ where: { stripeId: "cus_m3" } });
    expect([cus3.deleted, cus3.name]).toEqual([true, "Three"]);
    expect((await db.price.findUniqueOrThrow({ where: { id: "price_m1" } })).active).toBe(true);
    const p2 = await db.price.findUniqueOrThrow({ where: { id: "price_m2" } });
    expect([p2.unitAmount, (p2.tiers as unknown[] | null)?.length, p2.transformQuantity]).toEqual([null, 2, { divide_by: 10, round: "up" }]);
    expect((await db.invoice.findUniqueOrThrow({ where: { stripeId: "in_m1" } })).status).toBe("PAID");
    expect(await db.chargeback.count()).toBe(1);
    expect((await db.invoicePayment.findMany({ orderBy: { stripeId: "asc" } })).map((p) => [p.stripeId, p.status, p.amountPaid])).toEqual([
      ["inpay_m1", "paid", 1190n],
      ["inpay_m2", "paid", 100n],
    ]);
    expect(live.tables.PaymentIntent.rows).toBe(5);

    for (const batchSize of [1000, 7, 2, 1]) {
      const r = await replayEvents(db, { reset: true, batchSize });
      expect(r.events).toBe(evs.length);
      const replayed = await hashProjections(db);
      expect(replayed.tables).toEqual(live.tables);
      expect(replayed.hash).toBe(live.hash);
    }
    // Without reset, replay re-applies over the rows with their staleness marks cleared: a row
    // already at a later status (pi_m2, moved on by the resync snapshot) then keeps no event time,
    // so the rows need not equal live sync's; they must equal applying every event one by one over
    // the same rows the same way.
    await replayEvents(db, { reset: false });
    const reduced = await hashProjections(db);
    await replayEvents(db, { reset: true });
    expect((await hashProjections(db)).hash).toBe(live.hash);
    for (const t of ["Invoice", "PaymentIntent", "Charge", "Refund", "CreditNote", "Chargeback", "Subscription"]) {
      await db.$executeRawUnsafe(`UPDATE "${t}" SET "lastEventAt" = NULL`);
    }
    for (const [sec, applied] of evs) await db.$transaction((tx) => applyObjects(tx, applied, sec === null ? null : new Date(base + sec * 1000)));
    const oneByOne = await hashProjections(db);
    expect(reduced.tables).toEqual(oneByOne.tables);
    expect(reduced.hash).toBe(oneByOne.hash);
  });
});
