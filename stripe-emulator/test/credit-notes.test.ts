import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, stripeError, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

describe("credit notes", () => {
  it("pre-payment, then post-payment split exactly, cap, preview, void", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "cn@x.test" });
    const tax = await stripe.taxRates.create({ display_name: "VAT", percentage: 10, inclusive: false });
    const draft = await stripe.invoices.create({ customer: c.id, default_tax_rates: [tax.id] });
    await stripe.invoiceItems.create({ customer: c.id, invoice: draft.id, amount: 10000, currency: "usd", description: "Plan" });
    expect((await stripeError(stripe.creditNotes.create({ invoice: draft.id, amount: 100 }))).statusCode).toBe(400);
    const inv = await stripe.invoices.finalizeInvoice(draft.id);
    expect(inv.total).toBe(11000);
    const line = inv.lines.data[0];

    // preview creates nothing
    const pv = await stripe.creditNotes.preview({ invoice: inv.id, lines: [{ type: "invoice_line_item", invoice_line_item: line.id, amount: 2000 }] });
    expect(pv.total).toBe(2200);
    expect((await stripe.creditNotes.list({ invoice: inv.id })).data.length).toBe(0);

    // 2000 of the line + 10% tax = 2200, all pre-payment (invoice still open)
    const cn1 = await stripe.creditNotes.create({
      invoice: inv.id,
      reason: "order_change",
      memo: "fix",
      lines: [{ type: "invoice_line_item", invoice_line_item: line.id, amount: 2000 }],
    });
    expect(cn1.total).toBe(2200);
    expect(cn1.subtotal).toBe(2000);
    expect(cn1.total_excluding_tax).toBe(2000);
    expect(cn1.pre_payment_amount).toBe(2200);
    expect(cn1.post_payment_amount).toBe(0);
    expect(cn1.type).toBe("pre_payment");
    let after = await stripe.invoices.retrieve(inv.id);
    expect(after.amount_due).toBe(8800);
    expect(after.amount_remaining).toBe(8800);
    expect(after.pre_payment_credit_notes_amount).toBe(2200);

    // pre-payment note with refund/credit amounts is rejected
    expect((await stripeError(stripe.creditNotes.create({ invoice: inv.id, amount: 100, credit_amount: 100 }))).statusCode).toBe(400);

    const paid = await stripe.invoices.pay(inv.id, { payment_method: "pm_card_visa" });
    expect(paid.amount_paid).toBe(8800);

    // post-payment: must equal refund + credit + out of band exactly
    const bad = await stripeError(stripe.creditNotes.create({ invoice: inv.id, amount: 1000, refund_amount: 600, credit_amount: 300, out_of_band_amount: 99 }));
    expect(bad.statusCode).toBe(400);
    const cn2 = await stripe.creditNotes.create({ invoice: inv.id, amount: 1000, refund_amount: 600, credit_amount: 300, out_of_band_amount: 100 });
    expect(cn2.post_payment_amount).toBe(1000);
    expect(cn2.refunds.length).toBe(1);
    expect(cn2.refunds[0].amount_refunded).toBe(600);
    expect(cn2.customer_balance_transaction).toMatch(/^cbtxn_/);
    expect(((await stripe.customers.retrieve(c.id)) as any).balance).toBe(-300);
    after = await stripe.invoices.retrieve(inv.id);
    expect(after.post_payment_credit_notes_amount).toBe(1000);
    expect(after.amount_remaining).toBe(after.amount_due - after.amount_paid);

    // cap: 11000 − 2200 − 1000 = 7800 left
    const over = await stripeError(stripe.creditNotes.create({ invoice: inv.id, amount: 7801, out_of_band_amount: 7801 }));
    expect(over.statusCode).toBe(400);
    // an outside refund reduces what can be credited
    const ip = (await stripe.invoicePayments.list({ invoice: inv.id })).data[0];
    await stripe.refunds.create({ payment_intent: ip.payment.payment_intent as string, amount: 800 });
    expect((await stripeError(stripe.creditNotes.create({ invoice: inv.id, amount: 7001, out_of_band_amount: 7001 }))).statusCode).toBe(400);

    // credit-only note can be voided: balance credit goes back
    const cn3 = await stripe.creditNotes.create({ invoice: inv.id, amount: 500, credit_amount: 500 });
    expect(((await stripe.customers.retrieve(c.id)) as any).balance).toBe(-800);
    const v = await stripe.creditNotes.voidCreditNote(cn3.id);
    expect(v.status).toBe("void");
    expect(((await stripe.customers.retrieve(c.id)) as any).balance).toBe(-300);
    expect((await stripeError(stripe.creditNotes.voidCreditNote(cn2.id))).statusCode).toBe(400); // has a refund

    const list = await stripe.creditNotes.list({ invoice: inv.id });
    expect(list.data.map((n) => n.id)).toEqual([cn3.id, cn2.id, cn1.id]);
    const lines = await stripe.creditNotes.listLineItems(cn1.id);
    expect(lines.data[0]).toMatchObject({ type: "invoice_line_item", invoice_line_item: line.id, amount: 2000 });
    expect(cn1.number).toBe(`${inv.number}-CN-01`);
  });

  it("credits by quantity and custom lines; a full pre-payment note settles the invoice", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({});
    const draft = await stripe.invoices.create({ customer: c.id, currency: "jpy" });
    await stripe.invoiceItems.create({ customer: c.id, invoice: draft.id, unit_amount_decimal: "333", quantity: 3, currency: "jpy" } as any);
    const inv = await stripe.invoices.finalizeInvoice(draft.id);
    const cn = await stripe.creditNotes.create({
      invoice: inv.id,
      lines: [
        { type: "invoice_line_item", invoice_line_item: inv.lines.data[0].id, quantity: 2 },
        { type: "custom_line_item", description: "goodwill", quantity: 1, unit_amount: 333 },
      ],
    });
    expect(cn.total).toBe(999); // 2 × 333 + 333
    const after = await stripe.invoices.retrieve(inv.id);
    expect(after.amount_remaining).toBe(0);
    expect(after.status).toBe("paid");
  });
});
