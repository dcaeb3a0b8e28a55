// Stripe Tax (automatic_tax) taxability reasons and taxable amounts as real Stripe writes them:
// not_collecting without a registration (amount 0, taxable_amount 0, as in recorded invoices),
// reverse_charge for a reverse-charge customer (no tax, the line reported taxable), customer_exempt
// for an exempt one, standard_rated where the account is registered; several rates on one line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

const entries = (xs: any[] | null | undefined) =>
  (xs ?? []).map((t) => [t.tax_rate_details.tax_rate, t.taxability_reason, t.amount, t.taxable_amount, t.tax_behavior]);

describe("Stripe Tax taxability", () => {
  it("writes each entry's reason and own taxable amount; only registered jurisdictions collect", async () => {
    const { stripe } = env;
    await stripe.tax.registrations.create({ country: "DE", country_options: { de: { type: "standard" } }, active_from: "now" } as any);
    const de = await stripe.taxRates.create({ display_name: "VAT", percentage: 19, inclusive: false, country: "DE", jurisdiction: "DE" });
    const us = await stripe.taxRates.create({ display_name: "Sales tax", percentage: 8.875, inclusive: false, country: "US", jurisdiction: "US-NY" });
    const deIncl = await stripe.taxRates.create({ display_name: "VAT", percentage: 19, inclusive: true, country: "DE", jurisdiction: "DE" });

    const make = async (taxExempt: "none" | "exempt" | "reverse") => {
      const c = await stripe.customers.create({ email: `${taxExempt}@tax.test`, tax_exempt: taxExempt });
      const inv = await stripe.invoices.create({ customer: c.id, currency: "eur", automatic_tax: { enabled: true } });
      await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1000, currency: "eur", tax_rates: [de.id, us.id] });
      await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1190, currency: "eur", tax_rates: [deIncl.id] });
      return stripe.invoices.finalizeInvoice(inv.id);
    };

    const none = await make("none");
    expect(none.automatic_tax).toMatchObject({ enabled: true, status: "complete" });
    expect(entries(none.lines.data[0].taxes)).toEqual([
      [de.id, "standard_rated", 190, 1000, "exclusive"],
      [us.id, "not_collecting", 0, 0, "exclusive"],
    ]);
    expect(entries(none.lines.data[1].taxes)).toEqual([[deIncl.id, "standard_rated", 190, 1000, "inclusive"]]);
    expect(none.total).toBe(1000 + 190 + 1190);
    expect(entries(none.total_taxes)).toEqual([
      [de.id, "standard_rated", 190, 1000, "exclusive"],
      [us.id, "not_collecting", 0, 0, "exclusive"],
      [deIncl.id, "standard_rated", 190, 1000, "inclusive"],
    ]);

    const reverse = await make("reverse");
    expect(entries(reverse.lines.data[0].taxes)).toEqual([
      [de.id, "reverse_charge", 0, 1000, "exclusive"],
      [us.id, "reverse_charge", 0, 1000, "exclusive"],
    ]);
    expect(entries(reverse.lines.data[1].taxes)).toEqual([[deIncl.id, "reverse_charge", 0, 1190, "inclusive"]]);
    // Stripe (docs/tax/zero-tax): under a reverse charge or an exemption "a tax-inclusive price
    // remains unchanged" — the inclusive line keeps its 11.90, no tax is netted out of it.
    expect(reverse.lines.data[1].amount).toBe(1190);
    expect(reverse.total).toBe(2190);
    expect(reverse.total_excluding_tax).toBe(2190);

    const exempt = await make("exempt");
    expect(entries(exempt.lines.data[0].taxes)).toEqual([
      [de.id, "customer_exempt", 0, 0, "exclusive"],
      [us.id, "customer_exempt", 0, 0, "exclusive"],
    ]);
    expect(entries(exempt.lines.data[1].taxes)).toEqual([[deIncl.id, "customer_exempt", 0, 0, "inclusive"]]);
    expect(exempt.lines.data[1].amount).toBe(1190);
    expect(exempt.total).toBe(2190);
    expect(exempt.total_excluding_tax).toBe(2190);

    // A credit note on the reverse-charge invoice collects no tax either.
    const cn = await stripe.creditNotes.create({
      invoice: reverse.id,
      lines: [{ type: "invoice_line_item", invoice_line_item: reverse.lines.data[0].id!, amount: 500 }],
    });
    expect(cn.total).toBe(500);
    expect((cn.lines.data[0].taxes ?? []).map((t: any) => [t.taxability_reason, t.amount, t.taxable_amount])).toEqual([
      ["reverse_charge", 0, 500],
      ["reverse_charge", 0, 500],
    ]);
  });

  it("an invoice without automatic_tax keeps manual tax rates standard_rated", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "manual@tax.test", tax_exempt: "exempt" });
    const r = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false, country: "FR" });
    const inv = await stripe.invoices.create({ customer: c.id, currency: "eur", default_tax_rates: [r.id] });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1000, currency: "eur" });
    const f = await stripe.invoices.finalizeInvoice(inv.id);
    expect(f.automatic_tax.enabled).toBe(false);
    expect(entries(f.lines.data[0].taxes)).toEqual([[r.id, "standard_rated", 200, 1000, "exclusive"]]);
  });
});
