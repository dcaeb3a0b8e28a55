// Hand-worked examples of the README "Money rules" (the arithmetic is written out in comments).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocate, parseDecimal, roundAmount, roundHalfUp, rat } from "../src/money";
import { setup, stripeError, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

describe("money primitives", () => {
  it("rounds half up and to tens for three-decimal currencies", () => {
    expect(roundHalfUp(rat(5n, 2n))).toBe(3n);
    expect(roundHalfUp(rat(-5n, 2n))).toBe(-3n);
    expect(roundHalfUp(parseDecimal("333.3")!)).toBe(333n);
    expect(roundAmount(parseDecimal("3703.5")!, "kwd")).toBe(3700n);
    expect(roundAmount(parseDecimal("185")!, "kwd")).toBe(190n);
  });
  it("allocates by largest remainder, ties to the lower index", () => {
    expect(allocate(500n, [333n, 5397n, 1000n])).toEqual([25n, 401n, 74n]);
    expect(allocate(1n, [1n, 1n])).toEqual([1n, 0n]);
    expect(allocate(100n, [1n, 1n, 1n], 10n)).toEqual([40n, 30n, 30n]);
  });
});

describe("invoice money (hand-worked)", () => {
  it("USD: decimal unit, line + invoice coupons, exclusive 8.875% tax", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "usd@m.test" });
    const tax = await stripe.taxRates.create({ display_name: "NY", percentage: 8.875, inclusive: false });
    const pct = await stripe.coupons.create({ percent_off: 10 });
    const off = await stripe.coupons.create({ amount_off: 500, currency: "usd" });
    const price = await stripe.prices.create({ currency: "usd", unit_amount: 1999, product_data: { name: "Seat" } });
    const inv = await stripe.invoices.create({ customer: c.id, default_tax_rates: [tax.id], discounts: [{ coupon: off.id }] });
    // A: 1000 × 0.3333 = 333.3 → 333
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, unit_amount_decimal: "0.3333", quantity: 1000, currency: "usd" } as any);
    // B: 3 × 1999 = 5997; 10% line coupon = 599.7 → 600; remaining 5397
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, pricing: { price: price.id }, quantity: 3, discounts: [{ coupon: pct.id }] });
    // C: fixed 1000
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1000, currency: "usd" });
    const f = await stripe.invoices.finalizeInvoice(inv.id);
    // invoice coupon 500 over [333, 5397, 1000] → [25, 401, 74]; remaining [308, 4996, 926]
    // tax: 27.335 → 27, 443.395 → 443, 82.1825 → 82 = 552
    const lines = f.lines.data;
    expect(lines.map((l) => l.amount)).toEqual([333, 5997, 1000]);
    expect(lines.map((l) => l.discount_amounts!.reduce((a, d) => a + d.amount, 0))).toEqual([25, 1001, 74]);
    expect(lines.map((l) => l.taxes![0].amount)).toEqual([27, 443, 82]);
    expect(lines[1].taxes![0].taxable_amount).toBe(4996);
    // Stripe's subtotal has the item (line coupon) discount taken off: 7330 − 600
    expect(f.subtotal).toBe(6730);
    expect(f.total_discount_amounts!.reduce((a, d) => a + d.amount, 0)).toBe(1100);
    expect(f.total_taxes!.map((t) => t.amount)).toEqual([552]);
    expect(f.total).toBe(6782);
    expect(f.total_excluding_tax).toBe(6230);
    expect(f.subtotal_excluding_tax).toBe(6730);
    expect(f.amount_due).toBe(6782);
    expect(f.amount_remaining).toBe(6782);
  });

  it("subtotal is net of item discounts: a 19.00 line with a 50 % line coupon gives subtotal 9.50, on the invoice and its credit note", async () => {
    // Stripe's Invoice.subtotal: "before any invoice level discount or exclusive tax is applied. Item discounts are
    // already incorporated"; CreditNote.subtotal: "excluding exclusive tax and invoice level discounts".
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "half@m.test" });
    const half = await stripe.coupons.create({ percent_off: 50 });
    const off = await stripe.coupons.create({ amount_off: 150, currency: "usd" });
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1900, currency: "usd", discounts: [{ coupon: half.id }] });
    const f = await stripe.invoices.finalizeInvoice(inv.id);
    expect(f.lines.data[0].amount).toBe(1900);
    expect(f.subtotal).toBe(950);
    expect(f.subtotal_excluding_tax).toBe(950);
    expect(f.total_discount_amounts!.map((d) => d.amount)).toEqual([950]);
    expect(f.total).toBe(950);
    // The whole line credited: Stripe's credit note subtotal 950, discount_amount 950, total 950.
    const cn = await stripe.creditNotes.create({ invoice: f.id, lines: [{ type: "invoice_line_item", invoice_line_item: f.lines.data[0].id! }] });
    expect(cn.subtotal).toBe(950);
    expect(cn.discount_amount).toBe(950);
    expect(cn.total).toBe(950);

    // With an invoice coupon as well: it stays after the subtotal. 1900 − 950 = 950; 150 off → total 800.
    const inv2 = await stripe.invoices.create({ customer: c.id, discounts: [{ coupon: off.id }] });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv2.id, amount: 1900, currency: "usd", discounts: [{ coupon: half.id }] });
    const g = await stripe.invoices.finalizeInvoice(inv2.id);
    expect(g.subtotal).toBe(950);
    expect(g.total).toBe(800);
    expect(g.total_excluding_tax).toBe(800);
  });

  it("an invoice percent coupon counts a discountable credit line; a negative item is not discountable by default", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "credit-line@m.test" });
    const pct = await stripe.coupons.create({ percent_off: 10 });
    // discountable=true credit line: 10 % of (1000 − 100) = 90, all on the only positive line
    // (the same hand-worked case as features/billing-math compute-invoice.test.ts)
    const a = await stripe.invoices.create({ customer: c.id, currency: "usd", discounts: [{ coupon: pct.id }] });
    await stripe.invoiceItems.create({ customer: c.id, invoice: a.id, amount: 1000, currency: "usd" });
    const credit = await stripe.invoiceItems.create({ customer: c.id, invoice: a.id, amount: -100, currency: "usd", discountable: true });
    expect(credit.discountable).toBe(true);
    const fa = await stripe.invoices.finalizeInvoice(a.id);
    expect(fa.lines.data.map((l) => l.discount_amounts!.reduce((x, d) => x + d.amount, 0))).toEqual([90, 0]);
    expect(fa.total).toBe(810);
    // default: "Defaults to false for … negative invoice items" → 10 % of 1000 = 100
    const b = await stripe.invoices.create({ customer: c.id, currency: "usd", discounts: [{ coupon: pct.id }] });
    await stripe.invoiceItems.create({ customer: c.id, invoice: b.id, amount: 1000, currency: "usd" });
    const plain = await stripe.invoiceItems.create({ customer: c.id, invoice: b.id, amount: -100, currency: "usd" });
    expect(plain.discountable).toBe(false);
    const fb = await stripe.invoices.finalizeInvoice(b.id);
    expect(fb.lines.data.map((l) => l.discountable)).toEqual([true, false]);
    expect(fb.total_discount_amounts!.reduce((x, d) => x + d.amount, 0)).toBe(100);
    expect(fb.total).toBe(800);
  });

  it("JPY: inclusive 10% tax after a 15% invoice coupon", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "jpy@m.test" });
    const tax = await stripe.taxRates.create({ display_name: "JCT", percentage: 10, inclusive: true });
    const pct = await stripe.coupons.create({ percent_off: 15 });
    const inv = await stripe.invoices.create({ customer: c.id, currency: "jpy", discounts: [{ coupon: pct.id }] });
    await stripe.invoiceItems.create({
      customer: c.id,
      invoice: inv.id,
      unit_amount_decimal: "1234",
      quantity: 3,
      currency: "jpy",
      tax_rates: [tax.id],
    } as any);
    const f = await stripe.invoices.finalizeInvoice(inv.id);
    // 3702; 15% = 555.3 → 555; B = 3147; tax 3147 × 10/110 = 286.09 → 286
    expect(f.subtotal).toBe(3702);
    expect(f.total).toBe(3147);
    expect(f.total_taxes![0]).toMatchObject({ amount: 286, taxable_amount: 2861, tax_behavior: "inclusive" });
    expect(f.total_excluding_tax).toBe(2861);
    expect(f.subtotal_excluding_tax).toBe(3416);
  });

  it("KWD: every computed amount is a multiple of 10", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "kwd@m.test" });
    const tax = await stripe.taxRates.create({ display_name: "VAT", percentage: 5, inclusive: false });
    const pct = await stripe.coupons.create({ percent_off: 10 });
    const inv = await stripe.invoices.create({ customer: c.id, currency: "kwd", default_tax_rates: [tax.id], discounts: [{ coupon: pct.id }] });
    // 3 × 1234.5 = 3703.5 → 3700; 10% = 370; B = 3330; 5% = 166.5 → 170
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, unit_amount_decimal: "1234.5", quantity: 3, currency: "kwd" } as any);
    const bad = await stripeError(stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1005, currency: "kwd" }));
    expect(bad.statusCode).toBe(400);
    const f = await stripe.invoices.finalizeInvoice(inv.id);
    expect(f.subtotal).toBe(3700);
    expect(f.total_discount_amounts![0].amount).toBe(370);
    expect(f.total_taxes![0].amount).toBe(170);
    expect(f.total).toBe(3500);
  });

  it("applies the customer's credit balance at finalization", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "bal@m.test" });
    await stripe.customers.createBalanceTransaction(c.id, { amount: -500, currency: "usd" });
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 3000, currency: "usd" });
    const f = await stripe.invoices.finalizeInvoice(inv.id);
    expect(f.starting_balance).toBe(-500);
    expect(f.amount_due).toBe(2500);
    expect(f.ending_balance).toBe(0);
    expect(((await stripe.customers.retrieve(c.id)) as any).balance).toBe(0);
    const txns = await stripe.customers.listBalanceTransactions(c.id);
    expect(txns.data.map((t) => t.type)).toEqual(["applied_to_invoice", "adjustment"]);
  });

  it("embeds 10 lines with has_more and pages the rest", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "many@m.test" });
    const inv = await stripe.invoices.create({ customer: c.id });
    for (let i = 0; i < 12; i++) await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 100 + i, currency: "usd", description: `L${i}` });
    const got = await stripe.invoices.retrieve(inv.id);
    expect(got.lines.data.length).toBe(10);
    expect(got.lines.has_more).toBe(true);
    const all: string[] = [];
    for await (const l of stripe.invoices.listLineItems(inv.id, { limit: 5 })) all.push(l.description!);
    expect(all).toEqual(Array.from({ length: 12 }, (_, i) => `L${i}`));
    expect(got.total).toBe(12 * 100 + 66);
  });

  it("pulls pending items only with pending_invoice_items_behavior=include", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "pend@m.test" });
    await stripe.invoiceItems.create({ customer: c.id, amount: 700, currency: "usd" });
    const ex = await stripe.invoices.create({ customer: c.id });
    expect(ex.lines.data.length).toBe(0);
    const inc = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: "include" });
    expect(inc.total).toBe(700);
  });
});
