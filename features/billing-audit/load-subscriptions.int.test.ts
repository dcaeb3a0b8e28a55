// The audit's loader reads, with each invoice's customer, the subscriptions its lines may bill
// (rules/subscription-match.ts): those with an item at one of the lines' prices, in the audited
// mode, each with all its items; and the rules then see them (incremental path, one invoice).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { loadAuditContexts } from "./load-audit-contexts";
import { auditSubscriptionChange } from "./register-audit-on-sync";
import { runRules } from "./rules";

const P = "ldsub_test_";
const at = (iso: string) => new Date(iso);
const MAR = at("2026-03-01T00:00:00Z");
const APR = at("2026-04-01T00:00:00Z");
let customerId = "";
let invoiceId = "";

beforeAll(async () => {
  const db = await getDb();
  const customer = await db.customer.create({ data: { stripeId: `cus_${P}`, currency: "usd", stripeCreated: at("2026-01-01T00:00:00Z") } });
  customerId = customer.id;
  const invoice = await db.invoice.create({
    data: {
      stripeId: `in_${P}`,
      customerId,
      status: "OPEN",
      currency: "usd",
      subtotal: 1500n,
      total: 1500n,
      amountDue: 1500n,
      amountPaid: 0n,
      amountRemaining: 1500n,
      stripeCreated: at("2026-03-05T00:00:00Z"),
      lines: {
        create: [
          {
            stripeId: `il_${P}`,
            position: 0,
            currency: "usd",
            amount: 1500n,
            quantity: 1,
            unitAmountDecimal: 1500,
            priceId: `price_${P}seat`,
            periodStart: MAR,
            periodEnd: APR,
          },
        ],
      },
    },
  });
  invoiceId = invoice.id;
  // another invoice of the customer, for a price no subscription has: not re-audited on a subscription change
  await db.invoice.create({
    data: {
      stripeId: `in_${P}unrelated`,
      customerId,
      status: "OPEN",
      currency: "usd",
      subtotal: 100n,
      total: 100n,
      amountDue: 100n,
      amountPaid: 0n,
      amountRemaining: 100n,
      stripeCreated: at("2026-03-06T00:00:00Z"),
      lines: {
        create: [{ stripeId: `il_${P}unrelated`, position: 0, currency: "usd", amount: 100n, quantity: 1, unitAmountDecimal: 100, priceId: `price_${P}misc` }],
      },
    },
  });
  const sub = (suffix: string, livemode: boolean, items: { price: string; quantity: bigint | null }[], extra: object = {}) =>
    db.subscription.create({
      data: {
        stripeId: `sub_${P}${suffix}`,
        customerId,
        status: "canceled",
        currency: "usd",
        livemode,
        startDate: at("2026-02-01T00:00:00Z"),
        endedAt: at("2026-02-20T00:00:00Z"),
        lastEventAt: at("2026-02-20T00:00:00Z"),
        stripeCreated: at("2026-02-01T00:00:00Z"),
        ...extra,
        items: {
          create: items.map((i, n) => ({
            stripeId: `si_${P}${suffix}${n}`,
            priceId: i.price,
            quantity: i.quantity,
            currentPeriodStart: at("2026-02-01T00:00:00Z"),
            currentPeriodEnd: MAR,
            stripeCreated: at("2026-02-01T00:00:00Z"),
          })),
        },
      },
    });
  await sub("billed", false, [
    { price: `price_${P}seat`, quantity: 1n },
    { price: `price_${P}usage`, quantity: null },
  ]);
  await sub("other", false, [{ price: `price_${P}other`, quantity: 2n }]);
  await sub("live", true, [{ price: `price_${P}seat`, quantity: 1n }]);
});

afterAll(async () => {
  const db = await getDb();
  await db.finding.deleteMany({ where: { customerId } });
  await db.subscription.deleteMany({ where: { customerId } });
  await db.invoice.deleteMany({ where: { customerId } });
  await db.customer.deleteMany({ where: { id: customerId } });
});

describe("the audit loader's subscriptions", () => {
  it("reads the customer's subscriptions with an item at a line's price, in the audited mode, with all their items", async () => {
    const db = await getDb();
    const [ctx] = await loadAuditContexts(db, [invoiceId], { livemode: false, runId: null, now: at("2026-04-10T00:00:00Z") });
    expect(ctx.subscriptions?.map((s) => s.stripeId)).toEqual([`sub_${P}billed`]);
    const s = ctx.subscriptions![0];
    expect(s).toMatchObject({
      status: "canceled",
      endedAt: at("2026-02-20T00:00:00Z"),
      startDate: at("2026-02-01T00:00:00Z"),
      trialStart: null,
      cancelAt: null,
    });
    expect(s.items).toEqual([
      { stripeId: `si_${P}billed0`, priceId: `price_${P}seat`, quantity: 1n, currentPeriodStart: at("2026-02-01T00:00:00Z"), currentPeriodEnd: MAR },
      { stripeId: `si_${P}billed1`, priceId: `price_${P}usage`, quantity: null, currentPeriodStart: at("2026-02-01T00:00:00Z"), currentPeriodEnd: MAR },
    ]);
    // both modes when none is configured
    const [any] = await loadAuditContexts(db, [invoiceId], { runId: null });
    expect(any.subscriptions?.map((x) => x.stripeId).sort()).toEqual([`sub_${P}billed`, `sub_${P}live`]);
    // and the rules see them: March is billed after the subscription ended on 20 Feb
    expect(runRules(ctx).map((f) => f.fingerprint)).toContain(`after_subscription_end:il_${P}`);
  });

  it("a subscription change re-audits only the customer's invoices billing one of its items' prices", async () => {
    const db = await getDb();
    const result = await auditSubscriptionChange(db, { stripeId: `sub_${P}billed`, customerId }, 3650);
    expect(result.invoices).toBe(1);
    expect(result.findings.map((f) => f.fingerprint)).toContain(`after_subscription_end:il_${P}`);
    expect(await db.finding.count({ where: { customerId, rule: "after_subscription_end" } })).toBe(1);
    expect((await auditSubscriptionChange(db, { stripeId: `sub_${P}missing`, customerId }, 3650)).invoices).toBe(0);
  });
});
