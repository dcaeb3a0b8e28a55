// Settle reads only fields Stripe sends at the pinned API version. Every object the processor
// fetches (resolveEvent: the event's object and its missing parents) is wrapped in a proxy that
// records each field read while the event is resolved and projected (applyObjects), and each
// read path must be a field the `stripe` SDK declares for that resource (its declarations are
// Stripe's OpenAPI spec at that version, see stripe-emulator/test/sdk-shape.ts). A read of a
// removed field — an invoice's top-level `subscription`, a line's `proration` or `price`, a
// charge's `invoice` — fails here even when the code copes with its absence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { declaredAt } from "@/stripe-emulator/test/sdk-shape";
import { applyObjects } from "./projection/apply-objects";
import { resolveEvent, targetOf } from "./events/resolve-event";
import { stripeSource, type ObjectSource } from "./events/stripe-source";
import { resetSyncTables, startWorld, type SyncWorld } from "./testing/harness";
import { apiClient } from "./testing/billing";
import type { StripeJson } from "./types";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 9 });
  world.emu.emulator.webhooks.enabled = false;
  stripe = apiClient(world.emu.url);
  await resetSyncTables();
});
afterAll(async () => {
  await world.close();
  await closeDb();
});

// Names that are not Stripe fields: what JavaScript itself asks of any object or array.
const NOT_FIELDS = new Set(["then", "toJSON", "constructor", "length", "valueOf", "toString", "$$typeof", "asymmetricMatch", "nodeType", "tagName"]);

/** `o` behind a proxy that adds the path of every field read below it to `reads`. */
function recording<T>(o: T, reads: Set<string>, at: string[] = []): T {
  if (typeof o !== "object" || o === null) return o;
  const isArray = Array.isArray(o);
  return new Proxy(o as object, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || NOT_FIELDS.has(key)) return value;
      if (isArray) {
        if (!/^\d+$/.test(key)) return value; // map, reduce, entries …
        return recording(value, reads, [...at, "[]"]);
      }
      if (typeof value === "function") return value;
      reads.add([...at, key].join("."));
      return recording(value, reads, [...at, key]);
    },
    has(target, key) {
      if (typeof key === "string" && !isArray) reads.add([...at, key].join("."));
      return Reflect.has(target, key);
    },
  }) as T;
}

describe("the processor reads only fields the SDK declares at the pinned API version", () => {
  it("for every event of a billing history: invoices with line and invoice discounts and tax, payment, refund, credit note, dispute", async () => {
    const em = world.emu.emulator;
    const customer = await stripe.customers.create({ email: "reads@example.test", name: "Reads" });
    const tax = await stripe.taxRates.create({ display_name: "VAT", percentage: 19, inclusive: false });
    const invCoupon = await stripe.coupons.create({ percent_off: 10, name: "Ten" });
    const lineCoupon = await stripe.coupons.create({ amount_off: 100, currency: "usd" });
    const price = await stripe.prices.create({ currency: "usd", unit_amount: 2500, product_data: { name: "Seat" } });
    const draft = await stripe.invoices.create({ customer: customer.id, default_tax_rates: [tax.id], discounts: [{ coupon: invCoupon.id }] });
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      pricing: { price: price.id },
      quantity: 3,
      discounts: [{ coupon: lineCoupon.id }],
    });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 700, currency: "usd", description: "setup" });
    await stripe.invoices.finalizeInvoice(draft.id);
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const paid = await stripe.invoices.pay(draft.id, { payment_method: pm.id });
    await stripe.creditNotes.create({ invoice: paid.id, amount: 500, refund_amount: 300, credit_amount: 200 });
    const charge = (await stripe.charges.list({ customer: customer.id })).data[0]!;
    await stripe.refunds.create({ charge: charge.id, amount: 200 });
    em.internal.openDispute(charge.id);
    await stripe.customers.update(customer.id, { name: "Reads Renamed" });
    // a subscription with a tiered and a flat item, changed and canceled
    const tiered = await stripe.prices.create({
      currency: "usd",
      product_data: { name: "Team" },
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: [
        { up_to: 10, unit_amount: 1500 },
        { up_to: "inf", unit_amount: 1200, flat_amount: 500 },
      ],
      recurring: { interval: "month" },
    });
    const monthly = await stripe.prices.create({ currency: "usd", unit_amount: 900, product_data: { name: "Support" }, recurring: { interval: "month" } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: tiered.id, quantity: 12 }, { price: monthly.id }],
      default_tax_rates: [tax.id],
      trial_period_days: 7,
    });
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 14 }], proration_behavior: "none" });
    await stripe.subscriptions.cancel(sub.id);

    const source = stripeSource(stripe);
    const reads = new Map<string, Set<string>>(); // resource → field paths read
    const proxied: ObjectSource = {
      retrieve: async (kind, id) => {
        const o = await source.retrieve(kind, id);
        if (!o || o.deleted) return o;
        const set = reads.get(o.object) ?? new Set<string>();
        reads.set(o.object, set);
        return recording(o, set);
      },
      complete: (kind, o) => source.complete(kind, o),
      taxRates: (ids) => source.taxRates(ids),
    };

    const db = await getDb();
    const types = new Set<string>();
    const events: Stripe.Event[] = [];
    for await (const e of stripe.events.list({ limit: 100 })) events.push(e);
    for (const event of events.reverse()) {
      const payload = JSON.parse(JSON.stringify(event.data.object)) as StripeJson;
      const set = reads.get(payload.object) ?? new Set<string>();
      reads.set(payload.object, set);
      const target = targetOf(event.type, recording(payload, set));
      if (!target) continue;
      types.add(event.type);
      const applied = await resolveEvent(db, proxied, event.type, recording(payload, set), target);
      await db.$transaction((tx) => applyObjects(tx, applied, new Date(event.created * 1000)));
    }
    // the history went through every kind the processor projects
    expect([...reads.keys()].sort()).toEqual(
      expect.arrayContaining(["charge", "credit_note", "customer", "dispute", "invoice", "invoice_payment", "payment_intent", "refund", "subscription"]),
    );
    expect(types.size).toBeGreaterThan(15);
    expect(await db.creditNote.count()).toBe(1);
    expect(await db.chargeback.count()).toBe(1);
    expect(await db.subscription.count()).toBe(1);
    expect([...reads.get("subscription")!]).toEqual(expect.arrayContaining(["items.data.[].current_period_end", "items.data.[].quantity", "cancel_at"]));

    const undeclared: string[] = [];
    for (const [resource, paths] of reads) {
      for (const p of paths) {
        const path = p.split(".");
        if (!declaredAt(resource, path)) undeclared.push(`${resource}.${p}`);
      }
    }
    expect(undeclared.sort()).toEqual([]);
    // the proxy saw the reads that matter (so an empty list above means something)
    expect([...reads.get("invoice")!]).toEqual(
      expect.arrayContaining([
        "lines.data.[].parent",
        "lines.data.[].pricing.price_details.price",
        "total_taxes.[].taxable_amount",
        "payments.data.[].payment.payment_intent",
      ]),
    );
  });

  it("the check itself: a removed field is not declared, its replacement is", () => {
    expect(declaredAt("invoice", ["subscription"])).toBe(false);
    expect(declaredAt("invoice", ["parent", "subscription_details", "subscription"])).toBe(true);
    expect(declaredAt("line_item", ["proration"])).toBe(false);
    expect(declaredAt("line_item", ["parent", "invoice_item_details", "proration"])).toBe(true);
    expect(declaredAt("charge", ["invoice"])).toBe(false);
    expect(declaredAt("invoice", ["lines", "data", "[]", "pricing", "price_details", "product"])).toBe(true);
    expect(declaredAt("invoice", ["discounts", "[]", "source", "coupon", "percent_off"])).toBe(true);
    expect(declaredAt("invoice", ["metadata", "anything"])).toBe(true);
    expect(declaredAt("invoice", ["number", "length"])).toBe(false);
  });
});
