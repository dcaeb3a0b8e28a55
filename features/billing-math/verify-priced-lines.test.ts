// verifyInvoice on lines that are not quantity × unit amount: package (transform_quantity) and
// tiered lines made by the Stripe emulator (its own price code, called through its API), and
// proration lines. A correct invoice has no mismatch; a wrong line amount is one where the price
// is known.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeInvoiceLike, StripeLineLike, StripePriceLike } from "./from-stripe-invoice";
import { verifyInvoice } from "./verify-invoice";

type Api = (method: string, path: string, params?: Record<string, unknown>) => { status: number; body: Record<string, unknown> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe("verifyInvoice on emulator-made package, tiered and proration lines", { timeout: 60_000 }, () => {
  let api: Api;
  let close: (() => Promise<void>) | undefined;
  let customer: string;
  let product: string;
  const call = (method: string, p: string, params: Record<string, unknown> = {}) => {
    const r = api(method, p, params);
    if (r.status !== 200) throw new Error(`${p}: ${JSON.stringify(r.body)}`);
    return r.body as Json;
  };
  beforeAll(async () => {
    const emulatorModule = "../../stripe-emulator/index";
    const { startEmulator } = await import(/* @vite-ignore */ emulatorModule);
    const running = await startEmulator({ port: 0, seed: 16 });
    close = running.close;
    api = (method, p, params = {}) => running.emulator.api(method, p, params);
    customer = String(call("POST", "/v1/customers", { email: "verify@priced.test" }).id);
    product = String(call("POST", "/v1/products", { name: "Usage" }).id);
  });
  afterAll(async () => {
    await close?.();
  });

  function invoiceOf(
    priceParams: Record<string, unknown>,
    quantity: number,
  ): { inv: StripeInvoiceLike & { lines: { data: StripeLineLike[] } }; price: StripePriceLike } {
    const price = call("POST", "/v1/prices", { currency: "usd", product, ...priceParams });
    const draft = call("POST", "/v1/invoices", { customer, collection_method: "send_invoice", days_until_due: 30 });
    call("POST", "/v1/invoiceitems", { customer, invoice: draft.id, pricing: { price: price.id }, quantity });
    // Stripe returns a price's tiers only when expanded
    return { inv: call("POST", `/v1/invoices/${draft.id}/finalize`), price: call("GET", `/v1/prices/${price.id}`, { expand: ["tiers"] }) };
  }
  /** The same invoice with its only line billed `amount` (and the totals following it). */
  const billed = (inv: Json, amount: number): StripeInvoiceLike => {
    const d = amount - inv.lines.data[0].amount;
    return {
      ...inv,
      lines: { data: [{ ...inv.lines.data[0], amount }] },
      subtotal: inv.subtotal + d,
      subtotal_excluding_tax: inv.subtotal_excluding_tax + d,
      total: inv.total + d,
      total_excluding_tax: inv.total_excluding_tax + d,
      amount_due: inv.amount_due + d,
      amount_remaining: inv.amount_remaining + d,
    };
  };

  it("a package line (150 units at 1000 per 100 = 2000) verifies with its price; a wrong amount is a mismatch", () => {
    const { inv, price } = invoiceOf({ unit_amount: 1000, transform_quantity: { divide_by: 100, round: "up" } }, 150);
    expect(inv.lines.data[0].amount).toBe(2000);
    const prices = { [price.id]: price };
    expect(verifyInvoice(inv, { prices })).toEqual([]);
    expect(verifyInvoice(billed(inv, 2500), { prices })).toContainEqual({ field: `lines[${inv.lines.data[0].id}].amount`, expected: 2000n, actual: 2500n });
  });

  const tiers = [
    { up_to: 5, unit_amount: 500 },
    { up_to: 10, unit_amount: 400, flat_amount: 100 },
    { up_to: "inf", unit_amount_decimal: "250.5" },
  ];
  for (const [mode, amount] of [
    ["graduated", 5101],
    ["volume", 3006],
  ] as const) {
    it(`a ${mode} tiered line (12 units = ${amount}) verifies with its price; a wrong amount is a mismatch`, () => {
      const { inv, price } = invoiceOf({ billing_scheme: "tiered", tiers_mode: mode, tiers, recurring: { interval: "month" } }, 12);
      expect(inv.lines.data[0].amount).toBe(amount);
      expect(price.tiers).toHaveLength(3);
      const prices = { [price.id]: price };
      expect(verifyInvoice(inv, { prices })).toEqual([]);
      // without its tiers the tiered line is taken as billed: no mismatch, no quantity × unit
      expect(verifyInvoice(billed(inv, amount + 7), { prices: { [price.id]: { ...price, tiers: null } } })).not.toContainEqual(
        expect.objectContaining({ field: `lines[${inv.lines.data[0].id}].amount` }),
      );
      expect(verifyInvoice(billed(inv, amount + 7), { prices })).toContainEqual({
        field: `lines[${inv.lines.data[0].id}].amount`,
        expected: BigInt(amount),
        actual: BigInt(amount + 7),
      });
    });
  }

  it("a trial line of a tiered price ('Trial period for …', 0 at a unit amount of 0) verifies; a charged trial line is still a mismatch", () => {
    const price = call("POST", "/v1/prices", {
      currency: "usd",
      product,
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers,
      recurring: { interval: "month" },
    });
    const c = call("POST", "/v1/customers", { email: "trial@priced.test" });
    const sub = call("POST", "/v1/subscriptions", { customer: c.id, items: [{ price: price.id, quantity: 12 }], trial_period_days: 14 });
    const inv = call("GET", `/v1/invoices/${sub.latest_invoice}`);
    expect(inv.lines.data[0]).toMatchObject({ amount: 0, quantity: 12, description: expect.stringMatching(/^Trial period for /) });
    const prices = { [price.id]: call("GET", `/v1/prices/${price.id}`, { expand: ["tiers"] }) };
    expect(verifyInvoice(inv, { prices })).toEqual([]);
    // billed at the price's unit amount instead: recomputed from the tiers (12 units = 5101)
    const charged = billed({ ...inv, lines: { data: [{ ...inv.lines.data[0], pricing: { ...inv.lines.data[0].pricing, unit_amount_decimal: null } }] } }, 4000);
    expect(verifyInvoice(charged, { prices })).toContainEqual({ field: `lines[${inv.lines.data[0].id}].amount`, expected: 5101n, actual: 4000n });
  });

  it("proration lines with the price's unit amount (as API 2024-04-10 reported it: −1986 on a 2000 price) are taken as billed, not as quantity × unit", () => {
    // the recorded plan swap's credit line, in the current shape with the price's unit amount
    const line: StripeLineLike = {
      id: "il_credit",
      amount: -1986,
      quantity: 1,
      description: "Unused time on Basic after 17 Jun 2024",
      pricing: { unit_amount_decimal: "2000", price_details: { price: "price_basic", product: "prod_basic" } },
      parent: { subscription_item_details: { proration: true } },
      period: { start: 1718661676, end: 1721235234 },
    };
    const inv: StripeInvoiceLike = {
      id: "in_p",
      currency: "usd",
      lines: { data: [line] },
      subtotal: -1986,
      subtotal_excluding_tax: -1986,
      total: -1986,
      total_excluding_tax: -1986,
    };
    expect(verifyInvoice(inv)).toEqual([]);
  });
});
