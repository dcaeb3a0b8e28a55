// Stripe Tax through the real webhook path: an emulator invoice with automatic_tax, a line with two
// rates (one jurisdiction registered, one not) and a reverse-charge customer. The projection keeps
// each entry's taxability reason, the page and PDF say "not collected: <reason>", and the billing
// audit raises nothing on these clean invoices.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { PDFParse } from "pdf-parse";
import { closeDb, getDb } from "@/lib/db";
import { createT } from "@/lib/i18n";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { resetSyncTables, startWorld, type SyncWorld } from "@/features/stripe-sync/testing/harness";
import { apiClient } from "@/features/stripe-sync/testing/billing";
import { auditInvoices } from "@/features/billing-audit/audit-invoices";
import { getInvoiceDetail } from "./get-invoice-detail";
import { invoiceTotalRows } from "./invoice-total-rows";
import { invoicePdf } from "./render-invoice-pdf";

let world: SyncWorld;
let stripe: Stripe;
const ids: Record<"domestic" | "reverse", { invoice: string; customer: string }> = {} as never;
const squash = (s: string) => s.replace(/\s+/g, " ");

beforeAll(async () => {
  world = await startWorld({ seed: 13 });
  stripe = apiClient(world.emu.url);
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
  await stripe.tax.registrations.create({
    country: "DE",
    country_options: { de: { type: "standard" } },
    active_from: "now",
  } as unknown as Stripe.Tax.RegistrationCreateParams);
  const de = await stripe.taxRates.create({ display_name: "VAT", percentage: 19, inclusive: false, country: "DE", jurisdiction: "DE" });
  const fr = await stripe.taxRates.create({ display_name: "TVA", percentage: 20, inclusive: false, country: "FR", jurisdiction: "FR" });
  for (const kind of ["domestic", "reverse"] as const) {
    const customer = await stripe.customers.create({
      email: `tax-${kind}-${Date.now()}@example.test`,
      name: `Tax ${kind}`,
      tax_exempt: kind === "reverse" ? "reverse" : "none",
    });
    const draft = await stripe.invoices.create({ customer: customer.id, currency: "eur", automatic_tax: { enabled: true } });
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      currency: "eur",
      amount: 10000,
      description: "Platform",
      tax_rates: [de.id, fr.id],
    });
    const paid = await stripe.invoices.pay((await stripe.invoices.finalizeInvoice(draft.id)).id, { payment_method: "pm_card_visa" });
    ids[kind] = { invoice: paid.id, customer: customer.id };
  }
  await world.emu.emulator.webhooks.flush();
  await drainEvents(await getDb(), { backoffMs: 10 });
}, 120_000);

afterAll(async () => {
  await world.close();
  await closeDb();
});

async function detail(kind: "domestic" | "reverse") {
  const db = await getDb();
  const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: ids[kind].invoice }, select: { id: true, customerId: true } });
  return { id: inv.id, d: await getInvoiceDetail(db, { customerIds: [inv.customerId], invoiceId: inv.id }) };
}

describe("Stripe Tax taxability on the projection, the page, the PDF and the audit", () => {
  it("keeps each tax entry's taxability reason on the projection", async () => {
    const db = await getDb();
    const rows = await db.invoiceLineTax.findMany({
      where: { line: { invoice: { stripeId: { in: [ids.domestic.invoice, ids.reverse.invoice] } } } },
      select: { taxabilityReason: true, amount: true, taxableAmount: true, line: { select: { invoice: { select: { stripeId: true } } } } },
    });
    const of = (inv: string) =>
      rows
        .filter((r) => r.line.invoice.stripeId === inv)
        .map((r) => [r.taxabilityReason, r.amount, r.taxableAmount])
        .sort();
    expect(of(ids.domestic.invoice)).toEqual([
      ["not_collecting", 0n, 0n],
      ["standard_rated", 1900n, 10000n],
    ]);
    expect(of(ids.reverse.invoice)).toEqual([
      ["reverse_charge", 0n, 10000n],
      ["reverse_charge", 0n, 10000n],
    ]);
    const totals = await db.invoiceTax.findMany({ where: { invoice: { stripeId: ids.reverse.invoice } }, select: { taxabilityReason: true } });
    expect(totals.map((t) => t.taxabilityReason)).toEqual(["reverse_charge", "reverse_charge"]);
  });

  it("the page and the PDF say why no tax was collected, in en and ru", async () => {
    const { d } = await detail("domestic");
    const en = invoiceTotalRows(d, createT("en"), "en")
      .filter((r) => r.key.startsWith("tax:"))
      .map((r) => r.label);
    expect(en).toContain("TVA 20% — not collected: not registered to collect tax there");
    expect(en).toContain("VAT 19%");
    const { d: rev } = await detail("reverse");
    const ru = invoiceTotalRows(rev, createT("ru"), "ru")
      .filter((r) => r.key.startsWith("tax:"))
      .map((r) => r.label);
    expect(ru.every((l) => l.includes("не взимается: обратное начисление"))).toBe(true);
    const text = squash((await new PDFParse({ data: new Uint8Array(await invoicePdf(rev, "en")) }).getText()).text);
    expect(text).toContain("not collected: reverse charge");
  });

  it("the billing audit finds nothing wrong on these clean invoices", async () => {
    const a = await detail("domestic");
    const b = await detail("reverse");
    const r = await auditInvoices(await getDb(), [a.id, b.id]);
    expect(r.findings.map((f) => f.rule)).toEqual([]);
  });
});
