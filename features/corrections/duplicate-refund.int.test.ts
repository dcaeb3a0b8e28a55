// The duplicate-charge path against Postgres and the emulator: the refund form offers the
// detected duplicate, refunding the only payment of a paid invoice needs an audited override,
// and the finding closes itself when Stripe's refund webhook confirms the correction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { apiClient } from "@/features/stripe-sync/testing/billing";
import { startWorld, type SyncWorld } from "@/features/stripe-sync/testing/harness";
import { auditInvoice } from "@/features/billing-audit/audit-invoices";
import { getDeskDispute } from "@/features/disputes/get-desk-dispute";
import { createCorrection } from "./compose/create-correction";
import { getCorrectionDetail } from "./reads/get-correction-detail";
import { getRefundDraft } from "./preview/get-refund-draft";
import { issueCorrection } from "./issue/issue-correction";
import { registerCorrectionsOnSync } from "./confirm/register-corrections-on-sync";
import { submitCorrection } from "./approval/submit-correction";
import { updateApprovalThresholds } from "./thresholds/update-approval-thresholds";
import { disputedInvoice, staff, sync, until } from "./testing/world";

let world: SyncWorld;
let stripe: Stripe;
let people: Awaited<ReturnType<typeof staff>>;
let off: () => void;

beforeAll(async () => {
  // its own seed: emulator ids are deterministic per seed, and another file with the same seed
  // leaves rows with the same Stripe ids in the shared test database
  world = await startWorld({ seed: 31 });
  stripe = apiClient(world.emu.url);
  people = await staff();
  off = registerCorrectionsOnSync(await getDb());
  await updateApprovalThresholds(await getDb(), { actor: people.admin, thresholds: { usd: "1000000" } });
});
afterAll(async () => {
  off();
  await world.close();
  await closeDb();
}, 60_000);

const rejects = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as Error & { fields?: Record<string, string> };
  }
  throw new Error("expected a rejection");
};

/** A paid invoice (71.40), then the same amount charged again a moment later on no invoice: the audit's duplicate. */
async function chargedTwice() {
  const db = await getDb();
  const base = await disputedInvoice(world, stripe);
  await db.dispute.update({ where: { id: base.dispute.id }, data: { reason: "CHARGED_TWICE" } });
  const original = await db.charge.findFirstOrThrow({ where: { customer: { stripeId: base.customer.id } } });
  const dup = world.emu.emulator.internal.charge({ customer: base.customer.id, amount: 7140, currency: "usd" });
  await sync(world);
  await auditInvoice(db, base.invoice.id);
  const finding = await db.finding.findUniqueOrThrow({ where: { fingerprint: `duplicate_charge:${dup.charge.id}` } });
  return { ...base, original, dup: dup.charge.id as string, finding };
}

const refund = (disputeId: string, chargeStripeId: string, amount: string, extra: { override?: "" | "on"; overrideReason?: string } = {}) => ({
  kind: "refund" as const,
  disputeId,
  chargeStripeId,
  amount,
  rootCause: "TECHNICAL_FAULT" as const,
  ...extra,
});

describe("the duplicate-charge refund", () => {
  it("offers the invoice's charges with the detected duplicate chosen and its amount filled in; the dispute shows the finding", async () => {
    const db = await getDb();
    const s = await chargedTwice();
    const draft = await getRefundDraft(db, { actor: people.agent, disputeId: s.dispute.id });
    expect(draft.suggested).toEqual({ chargeStripeId: s.dup, amountMinor: 7140n, currency: "usd", findingId: s.finding.id });
    expect(draft.chargeStripeId).toBe(s.dup);
    expect(draft.amount).toBe("71.40");
    expect(draft.charges.map((c) => [c.stripeId, c.role])).toEqual([
      [s.dup, "duplicate"],
      [s.original.stripeId, "invoice_payment"],
    ]);
    expect(draft.needsOverride).toBe(false);
    expect(draft.preview).toMatchObject({ ok: true, amount: 7140n, errors: {} });
    // Choosing the invoice's own payment: the preview says an override is needed, before anything is sent.
    const sole = await getRefundDraft(db, { actor: people.agent, disputeId: s.dispute.id, chargeStripeId: s.original.stripeId, amount: "71.40" });
    expect(sole.needsOverride).toBe(true);
    expect(sole.preview).toMatchObject({ ok: false, errors: { override: "desk.corrections.err.notDuplicate" }, role: { solePaymentOf: s.invoice.number } });
    const desk = await getDeskDispute(db, { actor: people.agent, disputeId: s.dispute.id });
    expect(desk.findings.map((f) => [f.id, f.status])).toEqual([[s.finding.id, "OPEN"]]);
  });

  it("refuses to refund the only payment of a paid invoice without an override and a reason; the override is audited", async () => {
    const db = await getDb();
    const s = await chargedTwice();
    const input = (extra: { override?: "" | "on"; overrideReason?: string } = {}) => refund(s.dispute.id, s.original.stripeId, "71.40", extra);
    expect((await rejects(createCorrection(db, { actor: people.agent, input: input() }))).fields).toEqual({ override: "desk.corrections.err.notDuplicate" });
    expect((await rejects(createCorrection(db, { actor: people.agent, input: input({ override: "on", overrideReason: "because" }) }))).fields).toEqual({
      overrideReason: "desk.corrections.err.overrideReason",
    });
    expect(await db.correction.count({ where: { disputeId: s.dispute.id } })).toBe(0);
    const { id } = await createCorrection(db, {
      actor: people.agent,
      input: input({ override: "on", overrideReason: "Customer cancelled before the service started" }),
    });
    const c = await db.correction.findUniqueOrThrow({ where: { id } });
    // Not told to Stripe as a duplicate, and not tied to the duplicate's finding.
    expect(c).toMatchObject({ kind: "refund", chargeStripeId: s.original.stripeId, stripeReason: "requested_by_customer", findingId: null });
    const audit = await db.auditEntry.findMany({ where: { entityType: "correction", entityId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["correction.create", "correction.refund_override"]);
    expect(audit[1]).toMatchObject({
      actorId: people.agent.id,
      reason: "Customer cancelled before the service started",
      after: { chargeStripeId: s.original.stripeId, solePaymentOf: s.invoice.number },
    });
    // The approval page shows the evidence: the override's reason and the customer's claim.
    const detail = await getCorrectionDetail(db, { actor: people.lead, correctionId: id });
    expect(detail.evidence).toMatchObject({
      override: { reason: "Customer cancelled before the service started" },
      claim: { description: "We have fewer seats than billed.", reason: "CHARGED_TWICE" },
      recalculation: null,
    });
    expect(detail.history.map((h) => h.action)).toEqual(["correction.create", "correction.refund_override"]);
    // The duplicate needs no override: it is a duplicate.
    const dupId = (await createCorrection(db, { actor: people.agent, input: refund(s.dispute.id, s.dup, "10.00") })).id;
    expect(await db.auditEntry.count({ where: { entityId: dupId, action: "correction.refund_override" } })).toBe(0);
  });

  it("the finding closes itself (CORRECTED, audited) when the refund webhook confirms the correction, and links the dispute", async () => {
    const db = await getDb();
    const s = await chargedTwice();
    const { id } = await createCorrection(db, { actor: people.agent, input: refund(s.dispute.id, s.dup, "71.40") });
    expect(await db.correction.findUniqueOrThrow({ where: { id } })).toMatchObject({ findingId: s.finding.id });
    // Linked both ways once someone acts on it from the dispute.
    expect(await db.finding.findUniqueOrThrow({ where: { id: s.finding.id } })).toMatchObject({ disputeId: s.dispute.id, status: "OPEN" });
    await submitCorrection(db, { actor: people.agent, correctionId: id });
    await issueCorrection(db, { actor: people.agent, correctionId: id, stripe });
    // Not before Stripe confirmed it.
    expect((await db.finding.findUniqueOrThrow({ where: { id: s.finding.id } })).status).toBe("OPEN");
    await sync(world);
    const f = await until(async () => {
      const x = await db.finding.findUniqueOrThrow({ where: { id: s.finding.id } });
      return x.status === "CORRECTED" && x;
    }, 15_000); // the webhook listener runs after the processor's commit; slow under a loaded machine
    expect(f.correctionId).toBe(id);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { entityType: "finding", entityId: s.finding.id, action: "finding.corrected" } });
    expect(entry).toMatchObject({ actorLabel: "system:billing-audit", after: { status: "CORRECTED", correctionId: id } });
    // A later audit of the invoice leaves it corrected (the rule no longer fires: the charge is refunded).
    await auditInvoice(db, s.invoice.id);
    expect((await db.finding.findUniqueOrThrow({ where: { id: s.finding.id } })).status).toBe("CORRECTED");
  });
});
