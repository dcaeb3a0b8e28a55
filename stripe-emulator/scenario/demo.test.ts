import { describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import { payLostInstalment, seedDemoScenario } from "./index";
import { allInvoices, checkCleanAgainstContracts, checkInjected, checkInvariants, invoiceLines } from "./verify";

describe("demo scenario", () => {
  const em = new Emulator();
  const m = seedDemoScenario(em);
  // Until the demo's sync is done, the instalment invoice is open with its first instalment paid.
  const instalments = em.api("GET", `/v1/invoices/${m.highlights.audit_lost_payment_events}`).body;
  const beforeSync = { status: instalments.status, paid: instalments.amount_paid > 0 };
  payLostInstalment(em, m);

  it("pays the lost instalment only after Settle's first sync, none of its events delivered", () => {
    expect(beforeSync).toEqual({ status: "open", paid: true });
    const inv = em.api("GET", `/v1/invoices/${m.highlights.audit_lost_payment_events}`).body;
    expect(inv.status).toBe("paid");
    const e = m.injected.find((x) => x.kind === "lost_payment_events")!;
    expect(e.charge).toMatch(/^ch_/);
    expect((e.details.events as string[]).length).toBeGreaterThan(0);
  });

  it("has alice, bob and carol and invoices in all four currencies", () => {
    const emails = m.customers.map((c) => c.email);
    expect(emails.slice(0, 4)).toEqual(["alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com"]);
    // 12 customers × 6 months, and alice's 4 top-ups a month
    // + 6: three subscription histories, each with its own invoice and a mistaken one (subscription-errors.ts)
    // + 6: a seat change's (first invoice, proration invoice, the double credit) and a metered subscription's
    //   (first invoice, a window billed right, one billed wrong)
    expect(m.invoices).toBe(72 + 24 + 6 + 6);
    const inv = allInvoices(em);
    expect(new Set(inv.map((i) => i.currency))).toEqual(new Set(["usd", "eur", "jpy", "kwd"]));
    const list = em.api("GET", "/v1/customers", { email: "alice@example.com" }).body;
    expect(list.data).toHaveLength(1);
  });

  it("bills alice 12 seats on a paid invoice while her contract says 10", () => {
    const id = m.highlights.alice_overbilled_invoice!;
    const inv = em.api("GET", `/v1/invoices/${id}`).body;
    expect(inv.status).toBe("paid");
    const seats = invoiceLines(em, inv)[0]!;
    expect(seats.quantity).toBe(12);
    const alice = m.customers[0]!.id;
    expect(m.contracts.filter((c) => c.customer === alice && c.kind === "seats").every((c) => c.quantity === 10)).toBe(true);
    expect(m.injected.find((e) => e.invoice === id)?.kind).toBe("quantity_mismatch");
  });

  it("lets alice show every customer-facing feature", () => {
    const alice = m.customers[0]!.id;
    const hers = allInvoices(em).filter((i) => i.customer === alice);
    expect(hers.length).toBeGreaterThan(25); // more than one page of the invoice list

    const itemized = em.api("GET", `/v1/invoices/${m.highlights.alice_itemized_invoice}`).body;
    expect(itemized.status).toBe("open");
    expect(itemized.hosted_invoice_url).toMatch(/\/i\/test_/);
    const lines = invoiceLines(em, itemized);
    expect(lines.length).toBeGreaterThanOrEqual(40);
    const rates = new Set(lines.flatMap((l) => (l.taxes as { tax_rate_details: { tax_rate: string } }[]).map((t) => t.tax_rate_details.tax_rate)));
    expect(rates.size).toBe(2);
    expect(lines[0].discount_amounts.length).toBe(2); // the seats coupon and its share of the invoice coupon
    expect(itemized.discounts).toHaveLength(1);

    const recovered = em.api("GET", `/v1/invoices/${m.highlights.alice_recovered_invoice}`).body;
    expect(recovered.status).toBe("paid");
    expect(recovered.attempt_count).toBe(2);
    const declined = em.api("GET", `/v1/invoices/${m.highlights.alice_declined_open_invoice}`).body;
    expect([declined.status, declined.attempt_count]).toEqual(["open", 1]);
    const cn = em.api("GET", `/v1/credit_notes/${m.highlights.alice_credit_note}`).body;
    expect(cn.customer).toBe(alice);
    expect(cn.refunds).toHaveLength(1);
  });

  it("charges dave (KWD) twice for one invoice", () => {
    const dave = m.customers[3]!.id;
    expect(m.injected.some((e) => e.kind === "duplicate_charge" && e.customer === dave)).toBe(true);
  });

  it("has bob's chargeback lost and carol's won", () => {
    const lost = em.api("GET", `/v1/disputes/${m.highlights.dispute_lost}`).body;
    const won = em.api("GET", `/v1/disputes/${m.highlights.dispute_won}`).body;
    expect([lost.status, won.status]).toEqual(["lost", "won"]);
    const bob = em.api("GET", `/v1/invoices/${m.highlights.dispute_lost_invoice}`).body;
    expect(bob.customer).toBe(m.customers[1]!.id);
    expect(bob.status).toBe("paid");
  });

  it("is consistent, clean where not injected, with one of each injected kind", () => {
    const inv = allInvoices(em);
    expect(checkInvariants(em, inv)).toEqual([]);
    expect(checkCleanAgainstContracts(em, m, inv)).toEqual([]);
    expect(checkInjected(em, m)).toEqual([]);
    // the 6 random kinds, alice's quantity mismatch, demo-audit.ts's 5 and the 5 subscription mistakes
    expect(new Set(m.injected.map((e) => e.kind)).size).toBe(17);
  });

  it("is the same every time", () => {
    const again = new Emulator();
    const m2 = seedDemoScenario(again);
    payLostInstalment(again, m2);
    expect(m2).toEqual(m);
  }, 30_000);
});
