// The shape checker itself: each kind of deviation from the SDK's declaration is reported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "./helpers";
import { declaredObjects, shapeErrors } from "./sdk-shape";

let env: TestEnv;
let charge: Record<string, any>;
let invoice: Record<string, any>;
beforeAll(async () => {
  env = await setup();
  declaredObjects();
  const c = await env.stripe.customers.create({ email: "sdk-shape@x.test" });
  const pi = await env.stripe.paymentIntents.create({ amount: 300, currency: "usd", customer: c.id, payment_method: "pm_card_visa", confirm: true });
  charge = env.run.emulator.api("GET", `/v1/charges/${pi.latest_charge}`).body;
  const inv = await env.stripe.invoices.create({ customer: c.id });
  await env.stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 700, currency: "usd" });
  invoice = env.run.emulator.api("GET", `/v1/invoices/${inv.id}`).body;
}, 60_000);
afterAll(async () => {
  await env.run.close();
});

describe("shapeErrors", () => {
  it("accepts the emulator's charge and invoice as they are", () => {
    expect(shapeErrors(charge)).toEqual([]);
    expect(shapeErrors(invoice)).toEqual([]);
  });

  it("reports a missing required field, also nested", () => {
    const { outcome: _o, ...noOutcome } = charge;
    expect(shapeErrors(noOutcome)).toEqual([`charge(${charge.id}).outcome: missing`]);
    const card = { ...charge.payment_method_details.card };
    delete card.network_transaction_id;
    expect(shapeErrors({ ...charge, payment_method_details: { ...charge.payment_method_details, card } })).toEqual([
      `charge(${charge.id}).payment_method_details.card.network_transaction_id: missing`,
    ]);
  });

  it("reports a field the resource does not have (an invoice's removed top-level subscription)", () => {
    expect(shapeErrors({ ...invoice, subscription: null })).toEqual([expect.stringContaining(`invoice(${invoice.id}).subscription: not a field of Invoice`)]);
  });

  it("reports null where the declaration does not allow it, a wrong JSON type, and a value other than a literal", () => {
    expect(shapeErrors({ ...charge, amount: null })).toEqual([expect.stringContaining(".amount: null, but the type is not nullable")]);
    expect(shapeErrors({ ...charge, amount: "300" })).toEqual([expect.stringContaining('.amount: "300" is not a number')]);
    // Stripe's open enums (`'failed' | … | OtherString`) take any string; a literal does not.
    expect(shapeErrors({ ...charge, status: "done" })).toEqual([]);
    const line = { ...invoice.lines.data[0], pricing: { ...invoice.lines.data[0].pricing, type: "price" } };
    expect(shapeErrors(line)).toEqual([expect.stringContaining('.pricing.type: "price" is not "price_details"')]);
    expect(shapeErrors({ ...charge, metadata: [] })).toEqual([expect.stringContaining(".metadata:")]);
  });

  it("accepts an expanded object where an id may be expanded, and checks that object too", () => {
    const customer = env.run.emulator.api("GET", `/v1/customers/${charge.customer}`).body;
    expect(shapeErrors({ ...charge, customer })).toEqual([]);
    expect(shapeErrors({ ...charge, customer: { ...customer, balance: "0" } })).not.toEqual([]);
  });
});
