// The desk inbox and nav badges: each person sees what waits for them, and never their own
// correction as waiting for their approval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, type Db } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { openDispute } from "@/features/disputes/open-dispute";
import { createCustomerWithInvoice, createUser } from "@/features/disputes/testing/fixtures";
import { getDeskBadges } from "./get-desk-badges";
import { getDeskInbox } from "./get-desk-inbox";
import { getDeskInvoice } from "./get-desk-invoice";
import { searchDirectory } from "./search-directory";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterAll(async () => {
  await closeDb();
});

async function dispute(opened: Date) {
  const f = await createCustomerWithInvoice(db);
  const d = await openDispute(db, {
    actor: f.user,
    input: {
      invoiceId: f.invoice.id,
      reason: "WRONG_PRICE",
      description: "Line 1 is priced wrong.",
      lines: [{ lineId: f.lineIds[0], expectedAmount: "100.00" }],
    },
    now: opened,
  });
  return { ...f, dispute: d };
}

const pending = (s: Awaited<ReturnType<typeof dispute>>, requestedById: string, tag: string) =>
  db.correction.create({
    data: {
      invoiceId: s.invoice.id,
      disputeId: s.dispute.id,
      kind: "credit_note",
      status: "PENDING_APPROVAL",
      currency: "usd",
      amountMinor: 5000n,
      lines: [],
      idempotencyKey: `inbox_${tag}_${s.dispute.id}`,
      requestedById,
    },
  });

describe("desk inbox", () => {
  it("my open disputes, unassigned ones, SLA breached or due soon, and approvals that are not my own requests", async () => {
    const agent = await createUser(db, "AGENT");
    const lead = await createUser(db, "LEAD");
    const lead2 = await createUser(db, "LEAD");
    const now = new Date("2026-11-25T12:00:00Z"); // a Wednesday
    const mineLate = await dispute(new Date("2026-11-23T09:00:00Z")); // first response was due Monday 17:00: breached
    const mineFresh = await dispute(new Date("2026-11-25T11:00:00Z"));
    const closed = await dispute(new Date("2026-11-25T11:00:00Z"));
    await db.dispute.updateMany({ where: { id: { in: [mineLate.dispute.id, mineFresh.dispute.id, closed.dispute.id] } }, data: { assigneeId: agent.id } });
    await db.dispute.update({ where: { id: closed.dispute.id }, data: { status: "RESOLVED" } });
    const free = await dispute(new Date("2026-11-25T11:30:00Z"));
    const own = await pending(mineFresh, lead.id, "own");
    const other = await pending(mineLate, lead2.id, "other");

    const box = await getDeskInbox(db, { actor: agent, now });
    expect(box.mine.rows.map((r) => r.id)).toEqual([mineLate.dispute.id, mineFresh.dispute.id]);
    expect(box.mine.count).toBe(2);
    expect(box.unassigned.rows.map((r) => r.id)).toContain(free.dispute.id);
    expect(box.unassigned.rows.map((r) => r.id)).not.toContain(mineFresh.dispute.id);
    expect(box.sla.rows.find((r) => r.id === mineLate.dispute.id)?.sla).toBe("breached");
    // Agents approve nothing: no approvals list at all.
    expect(box).toMatchObject({ canApprove: false, approvals: { rows: [], count: 0 } });

    const forLead = await getDeskInbox(db, { actor: lead, now });
    const ids = forLead.approvals.rows.map((c) => c.id);
    expect(ids).toContain(other.id);
    expect(ids).not.toContain(own.id);
    const forLead2 = await getDeskInbox(db, { actor: lead2, now });
    expect(forLead2.approvals.rows.map((c) => c.id)).toContain(own.id);
    expect(forLead2.approvals.rows.map((c) => c.id)).not.toContain(other.id);
    expect(forLead.mine.count).toBe(0);

    // The nav badges count the same things.
    expect(await getDeskBadges(db, { actor: agent })).toMatchObject({ mine: 2, approvals: 0 });
    const badges = await getDeskBadges(db, { actor: lead });
    expect(badges.approvals).toBe(forLead.approvals.count);
    expect(badges.unassigned).toBe(box.unassigned.count);
    expect(badges.unassigned).toBeGreaterThanOrEqual(1);
  });

  it("directory: finds a customer and their invoice by email, name, invoice number, charge id and dispute number", async () => {
    const agent = await createUser(db, "AGENT");
    const s = await dispute(new Date());
    const charge = await db.charge.create({
      data: { stripeId: `ch_dir${s.customer.id}`, customerId: s.customer.id, amount: 19500n, currency: "usd", status: "succeeded", stripeCreated: new Date() },
    });
    await db.invoicePayment.create({
      data: {
        stripeId: `inpay_dir${s.customer.id}`,
        invoiceId: s.invoice.id,
        chargeStripeId: charge.stripeId,
        amountPaid: 19500n,
        amountRequested: 19500n,
        currency: "usd",
        status: "paid",
        stripeCreated: new Date(),
      },
    });
    const find = (q: string) => searchDirectory(db, { actor: agent, input: { q } });
    const byEmail = await find(s.user.email.toUpperCase());
    expect(byEmail.customers.map((c) => c.id)).toEqual([s.customer.id]);
    expect(byEmail.invoices.map((i) => i.id)).toEqual([s.invoice.id]);
    expect((await find(s.customer.name!.slice(-6))).customers.map((c) => c.id)).toContain(s.customer.id);
    expect((await find(s.invoice.number!)).invoices.map((i) => i.id)).toEqual([s.invoice.id]);
    const byCharge = await find(charge.stripeId);
    expect(byCharge.customers.map((c) => c.id)).toEqual([s.customer.id]);
    expect(byCharge.invoices.map((i) => i.id)).toEqual([s.invoice.id]);
    const byDispute = await find(`D-${String(s.dispute.number).padStart(6, "0")}`);
    expect(byDispute.disputes.map((d) => d.id)).toEqual([s.dispute.id]);
    expect(byDispute.customers[0].id).toBe(s.customer.id);
    expect((await find("no such customer anywhere")).customers).toEqual([]);
    // The invoice page the directory links to: its payments and dispute.
    const inv = await getDeskInvoice(db, { actor: agent, invoiceId: s.invoice.id });
    expect(inv.payments.map((p) => p.chargeStripeId)).toEqual([charge.stripeId]);
    expect(inv.disputes.map((d) => d.id)).toEqual([s.dispute.id]);
  });

  it("open findings: counted by severity, the most severe first, each with what its title needs (never dismissed ones)", async () => {
    const agent = await createUser(db, "AGENT");
    const s = await dispute(new Date());
    const line = await db.invoiceLine.findUniqueOrThrow({ where: { id: s.lineIds[0] }, select: { stripeId: true } });
    const before = await getDeskInbox(db, { actor: agent });
    const later = new Date(Date.now() + 60_000);
    const finding = (tag: string, severity: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW", extra: { status?: "DISMISSED"; rule?: string; evidence?: object } = {}) =>
      db.finding.create({
        data: {
          rule: extra.rule ?? "refund_exceeds_charge",
          fingerprint: `inbox:${tag}:${s.invoice.id}`,
          severity,
          status: extra.status ?? "OPEN",
          customerId: s.customer.id,
          invoiceId: s.invoice.id,
          currency: "usd",
          amountAtStakeMinor: 4200n,
          summary: tag,
          evidence: extra.evidence ?? { charge: "ch_x", amount: "10000", amountRefunded: "14200", refunds: [] },
          detectedAt: later,
        },
      });
    const critical = await finding("critical", "CRITICAL");
    const high = await finding("high", "HIGH", {
      rule: "line_math",
      evidence: { line: line.stripeId, quantity: "12", unitAmountDecimal: "1000", expected: "12000", actual: "12500" },
    });
    await finding("low", "LOW");
    const dismissed = await finding("dismissed", "CRITICAL", { status: "DISMISSED" });

    const box = await getDeskInbox(db, { actor: agent });
    expect(box.canActOnFindings).toBe(true);
    expect(box.findings.count - before.findings.count).toBe(3);
    const delta = Object.fromEntries(box.findings.bySeverity.map((c, i) => [c.severity, c.count - before.findings.bySeverity[i]!.count]));
    expect(delta).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 1 });
    expect(box.findings.bySeverity.map((c) => c.severity)).toEqual(["CRITICAL", "HIGH", "MEDIUM", "LOW"]);
    const ids = box.findings.rows.map((r) => r.id);
    expect(ids[0]).toBe(critical.id);
    expect(ids).not.toContain(dismissed.id);
    expect(box.findings.rows.length).toBeLessThanOrEqual(5);
    // The titles read "Line 1 …": the line's number on its invoice comes with the rows.
    if (ids.includes(high.id)) expect(box.findings.lineNumbers[line.stripeId]).toBe(1);
    expect(box.findings.rows[0]).toMatchObject({ severity: "CRITICAL", currency: "usd", amountAtStakeMinor: 4200n, customer: { name: s.customer.name } });
    // Leads and admins triage findings too.
    const lead = await getDeskInbox(db, { actor: await createUser(db, "LEAD") });
    expect(lead.findings.count).toBe(box.findings.count);
    await db.finding.deleteMany({ where: { invoiceId: s.invoice.id } });
  });

  it("is for staff only", async () => {
    const customer = await createUser(db, "CUSTOMER");
    await expect(searchDirectory(db, { actor: customer, input: { q: "" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getDeskInbox(db, { actor: customer })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getDeskBadges(db, { actor: customer })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
