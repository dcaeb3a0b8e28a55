// Issue 16: a metered line reads as its usage for the period with its tier breakdown. A metered
// subscription on an emulator test clock renews (usage billed in arrears), the renewal invoice is
// synced through the webhook path, and the invoice is read as the portal page reads it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { createT } from "@/lib/i18n";
import { lineUsageView } from "@/features/billing-display/metered-usage";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { resetSyncTables, startWorld, type SyncWorld } from "@/features/stripe-sync/testing/harness";
import { apiClient } from "@/features/stripe-sync/testing/billing";
import { PDFParse } from "pdf-parse";
import { getInvoiceDetail } from "./get-invoice-detail";
import { invoicePdf } from "./render-invoice-pdf";

let world: SyncWorld;
let stripe: Stripe;
const MAR = Date.UTC(2027, 2, 1) / 1000;
const APR = Date.UTC(2027, 3, 1) / 1000;

beforeAll(async () => {
  world = await startWorld({ seed: 16 });
  stripe = apiClient(world.emu.url);
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
});
afterAll(async () => {
  await world.close();
  await closeDb();
});

describe("metered line", () => {
  it("the renewal's metered line shows 'Usage 1 Mar – 31 Mar: 12,340 API calls' and its tiers; the licensed line shows neither", async () => {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: MAR });
    const customer = await stripe.customers.create({ email: "metered@lines.test", test_clock: clock.id });
    const meter = await stripe.billing.meters.create({ display_name: "API calls", event_name: "api_call_lines", default_aggregation: { formula: "sum" } });
    const calls = await stripe.prices.create({
      currency: "usd",
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: [
        { up_to: 10_000, unit_amount: 0 },
        { up_to: "inf", unit_amount_decimal: Stripe.Decimal.from("0.5") },
      ],
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
      product_data: { name: "API calls" },
    });
    const team = await stripe.prices.create({ currency: "usd", unit_amount: 1500, recurring: { interval: "month" }, product_data: { name: "Team" } });
    await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.id, quantity: 2 }, { price: calls.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    for (const [day, value] of [
      [2, 10_000],
      [20, 2_340],
    ] as const) {
      await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAR + day * 86_400 });
      await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: String(value) } });
    }
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: APR + 2 * 3600 });
    const renewal = (await stripe.invoices.list({ customer: customer.id })).data.find((i) => i.billing_reason === "subscription_cycle")!;
    expect(renewal.status).toBe("open");
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb(), { backoffMs: 10 });

    const db = await getDb();
    const row = await db.invoice.findUniqueOrThrow({ where: { stripeId: renewal.id }, select: { id: true, customerId: true } });
    const d = await getInvoiceDetail(db, { customerIds: [row.customerId], invoiceId: row.id });
    const t = createT("en");
    const views = d.lines.map((l) => lineUsageView(t, "en", l, l.price ?? null, d.currency));
    expect(views).toEqual([
      { usage: null, tiers: [] },
      {
        usage: "Usage 1 Mar – 31 Mar: 12,340 API calls",
        tiers: ["Tier 1 (1–10,000): 10,000 × US$0.00 = US$0.00", "Tier 2 (10,001 and above): 2,340 × US$0.005 = US$11.70"],
      },
    ]);
    expect(d.lines.map((l) => l.amount)).toEqual([3000n, 1170n]);
    // the PDF carries the same words under the line, in en and ru
    const pdfText = async (locale: "en" | "ru") =>
      (await new PDFParse({ data: new Uint8Array(await invoicePdf(d, locale)) }).getText()).text.replace(/\s+/g, " ");
    const en = await pdfText("en");
    expect(en).toContain("Usage 1 Mar – 31 Mar: 12,340 API calls");
    // the tiers once, in the line's explanation (billing-display/explain-text.ts), not again in the usage rows
    expect(en).toContain("10,001+ × US$0.005 = US$11.70");
    expect(en).not.toContain("Tier 2 (10,001 and above)");
    expect(await pdfText("ru")).toContain("Использование 1 мар. – 31 мар.: 12 340 API calls");
  });
});
