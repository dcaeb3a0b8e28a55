// line_math on lines that are not quantity × unit amount: a recorded real Stripe proration line,
// and package and tiered lines made by the Stripe emulator (its own price code, called through its
// API). A correct line must never be a finding; a wrong one still must be, where the data to
// recompute it is known.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditContextFromStripe } from "../testing/context-from-stripe";
import { line, withInvoice } from "../testing/context";
import type { AuditContext, AuditPrice } from "../types";
import { lineMath } from "./line-math";

type Api = (method: string, path: string, params?: Record<string, unknown>) => { status: number; body: Record<string, unknown> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const recorded = JSON.parse(
  readFileSync(path.join(__dirname, "../../billing-math/testing/recorded/not-collecting-two-rates-proration-usd-2024-04-10.json"), "utf8"),
).invoice as Json;
const sec = (s: number) => new Date(s * 1000);
const monthly = (unit: string): AuditPrice => ({ billingScheme: "per_unit", unitAmountDecimal: unit, transformQuantity: null });

/** The recorded plan swap as the projection holds it (legacy shape: the price's unit amount on the line). */
function recordedProration(over: { amount?: bigint; withData?: boolean } = {}): AuditContext {
  const [credit] = recorded.lines.data as Json[];
  // periods from the invoice.paid event (proration.test.ts): lines [1718661676, 1721235234)
  return withInvoice({
    lines: [
      line({
        stripeId: credit.id,
        quantity: "1",
        unitAmountDecimal: credit.price.unit_amount_decimal,
        amount: over.amount ?? BigInt(credit.amount),
        proration: true,
        priceId: credit.price.id,
        periodStart: sec(1718661676),
        periodEnd: sec(1721235234),
        taxes: [],
        ...(over.withData ? { price: monthly("2000"), billingPeriod: { start: sec(1718643234), end: sec(1721235234) } } : {}),
      }),
    ],
  });
}

describe("line_math on a recorded real Stripe proration line (−1986, quantity 1, price 2000)", () => {
  it("is not a finding when the full period is unknown (the data to recompute is not on the line)", () => {
    expect(lineMath(recordedProration())).toEqual([]);
  });
  it("is checked with prorateChange when the price and the full period are known: correct → nothing, wrong → finding", () => {
    expect(lineMath(recordedProration({ withData: true }))).toEqual([]);
    const [f] = lineMath(recordedProration({ withData: true, amount: -2000n }));
    expect(f.rule).toBe("line_math");
    expect(f.evidence.expected).toBe(-1986n);
    expect(f.amountAtStakeMinor).toBe(14n);
  });
  it("is not checked when the line's period does not end with the full period (not a proration Stripe would write)", () => {
    const ctx = recordedProration({ withData: true, amount: -2000n });
    ctx.invoice.lines[0].billingPeriod = { start: sec(1718643234), end: sec(1721235235) };
    expect(lineMath(ctx)).toEqual([]);
  });
});

describe("line_math on emulator-made package and tiered lines", { timeout: 60_000 }, () => {
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
    const emulatorModule = "../../../stripe-emulator/index";
    const { startEmulator } = await import(/* @vite-ignore */ emulatorModule);
    const running = await startEmulator({ port: 0, seed: 16 });
    close = running.close;
    api = (method, p, params = {}) => running.emulator.api(method, p, params);
    customer = String(call("POST", "/v1/customers", { email: "line-math@rules.test" }).id);
    product = String(call("POST", "/v1/products", { name: "Usage" }).id);
  });
  afterAll(async () => {
    await close?.();
  });

  /** A finalized emulator invoice with one line of `quantity` units of a new price. */
  function invoiceOf(priceParams: Record<string, unknown>, quantity: number): { ctx: AuditContext; price: Json } {
    const price = call("POST", "/v1/prices", { currency: "usd", product, ...priceParams });
    const draft = call("POST", "/v1/invoices", { customer, collection_method: "send_invoice", days_until_due: 30 });
    call("POST", "/v1/invoiceitems", { customer, invoice: draft.id, pricing: { price: price.id }, quantity });
    const inv = call("POST", `/v1/invoices/${draft.id}/finalize`);
    return { ctx: auditContextFromStripe(inv), price };
  }
  const withPrice = (ctx: AuditContext, price: AuditPrice | null, amount?: bigint): AuditContext => ({
    ...ctx,
    invoice: { ...ctx.invoice, lines: ctx.invoice.lines.map((l) => ({ ...l, price, ...(amount !== undefined ? { amount } : {}) })) },
  });

  it("package (transform_quantity): 150 units at 1000 per 100 = 2000 is not a finding; a wrong amount is", () => {
    const { ctx } = invoiceOf({ unit_amount: 1000, transform_quantity: { divide_by: 100, round: "up" } }, 150);
    expect(ctx.invoice.lines[0].amount).toBe(2000n);
    const pkg: AuditPrice = { billingScheme: "per_unit", unitAmountDecimal: "1000", transformQuantity: { divideBy: 100, round: "up" } };
    expect(lineMath(withPrice(ctx, pkg))).toEqual([]);
    expect(lineMath(withPrice(ctx, pkg, 3000n))[0]?.evidence.expected).toBe(2000n);
  });

  // From the database: the projection's Price keeps transform_quantity, and the loader gives the
  // line its price (stripe-sync/projection/catalog-events.int.test.ts).

  const tiers = [
    { up_to: 5, unit_amount: 500 },
    { up_to: 10, unit_amount: 400, flat_amount: 100 },
    { up_to: "inf", unit_amount_decimal: "250.5" },
  ];
  const tierInput = [
    { upTo: 5, unitAmount: 500 },
    { upTo: 10, unitAmount: 400, flatAmount: 100 },
    { upTo: "inf" as const, unitAmountDecimal: "250.5" },
  ];

  it("graduated tiers: 12 units = 5×500 + (100 + 5×400) + 2×250.5 = 5101 is not a finding; a wrong amount is", () => {
    const { ctx } = invoiceOf({ billing_scheme: "tiered", tiers_mode: "graduated", tiers, recurring: { interval: "month" } }, 12);
    expect(ctx.invoice.lines[0].amount).toBe(5101n);
    const price: AuditPrice = { billingScheme: "tiered", tiersMode: "graduated", tiers: tierInput };
    expect(lineMath(withPrice(ctx, price))).toEqual([]);
    expect(lineMath(withPrice(ctx, price, 6000n))[0]?.evidence.expected).toBe(5101n);
    // without its price the tiered line has no unit amount: not checked (and not accused)
    expect(lineMath({ ...ctx, invoice: { ...ctx.invoice, lines: ctx.invoice.lines.map((l) => ({ ...l, amount: 6000n })) } })).toEqual([]);
    // tiered, but the tiers are not known: skipped, not accused
    expect(lineMath(withPrice(ctx, { billingScheme: "tiered", tiersMode: "graduated", tiers: null }, 6000n))).toEqual([]);
  });

  it("a trial line of a tiered price ('Trial period for …', 0 at a unit amount of 0) is not a finding; a charged one still is", () => {
    const price = call("POST", "/v1/prices", {
      currency: "usd",
      product,
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers,
      recurring: { interval: "month" },
    });
    const sub = call("POST", "/v1/subscriptions", { customer, items: [{ price: price.id, quantity: 12 }], trial_period_days: 14 });
    const ctx = auditContextFromStripe(call("GET", `/v1/invoices/${String(sub.latest_invoice)}`));
    expect(ctx.invoice.lines[0]).toMatchObject({ amount: 0n, unitAmountDecimal: expect.stringMatching(/^0(\.0*)?$/) });
    const tieredPrice: AuditPrice = { billingScheme: "tiered", tiersMode: "graduated", tiers: tierInput };
    expect(lineMath(withPrice(ctx, tieredPrice))).toEqual([]);
    // the same line billed at its tiers' amount with the price's unit amount (not 0) is checked through the tiers
    const charged = {
      ...ctx,
      invoice: { ...ctx.invoice, lines: ctx.invoice.lines.map((l) => ({ ...l, price: tieredPrice, unitAmountDecimal: null, amount: 4000n })) },
    };
    expect(lineMath(charged)[0]?.evidence.expected).toBe(5101n);
  });

  it("volume tiers: 12 units all at the third tier = 12×250.5 = 3006 is not a finding; a wrong amount is", () => {
    const { ctx } = invoiceOf({ billing_scheme: "tiered", tiers_mode: "volume", tiers, recurring: { interval: "month" } }, 12);
    expect(ctx.invoice.lines[0].amount).toBe(3006n);
    const price: AuditPrice = { billingScheme: "tiered", tiersMode: "volume", tiers: tierInput };
    expect(lineMath(withPrice(ctx, price))).toEqual([]);
    const [f] = lineMath(withPrice(ctx, price, 3000n));
    expect(f.evidence.expected).toBe(3006n);
    expect(f.amountAtStakeMinor).toBe(6n);
  });
});
