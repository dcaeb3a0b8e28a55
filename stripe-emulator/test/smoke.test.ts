import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

describe("smoke", () => {
  it("creates an invoice and pays it", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "a@example.com", name: "A" });
    const price = await stripe.prices.create({ currency: "usd", unit_amount: 1000, product_data: { name: "Seat" } });
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, pricing: { price: price.id }, quantity: 3 });
    const fin = await stripe.invoices.finalizeInvoice(inv.id);
    expect(fin.status).toBe("open");
    expect(fin.total).toBe(3000);
    const paid = await stripe.invoices.pay(inv.id, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("paid");
    const withPayments = await stripe.invoices.retrieve(inv.id, { expand: ["payments", "customer"] });
    expect((withPayments as any).payments.data[0].payment.payment_intent).toMatch(/^pi_/);
    expect((withPayments.customer as any).email).toBe("a@example.com");
  });
});
