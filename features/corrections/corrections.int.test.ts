import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Prisma } from "@prisma/client";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { getStripe } from "@/lib/stripe";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { apiClient } from "@/features/stripe-sync/testing/billing";
import { startWorld, type SyncWorld } from "@/features/stripe-sync/testing/harness";
import { addApprovalThreshold } from "./thresholds/add-approval-threshold";
import { approveCorrection, rejectCorrection } from "./approval/decide-correction";
import { approveThresholdChange, rejectThresholdChange } from "./thresholds/decide-threshold-change";
import { createCorrection } from "./compose/create-correction";
import { getApprovalThresholds } from "./thresholds/get-approval-thresholds";
import { getCorrectionDraft } from "./compose/get-correction-draft";
import { correctionIdempotencyKey } from "./issue/idempotency-key";
import { issueCorrection } from "./issue/issue-correction";
import { previewRefund } from "./preview/preview-refund";
import { recoverSubmittingCorrections } from "./issue/recover-submitting-corrections";
import { registerCorrectionsOnSync } from "./confirm/register-corrections-on-sync";
import { removeApprovalThreshold } from "./thresholds/remove-approval-threshold";
import { sendToStripe } from "./issue/send-to-stripe";
import { submitCorrection } from "./approval/submit-correction";
import { updateApprovalThresholds } from "./thresholds/update-approval-thresholds";
import { voidCorrection } from "./issue/void-correction";
import { getCorrectionDetail } from "./reads/get-correction-detail";
import { correctionNote } from "./confirm/correction-note";
import { disputedInvoice, recalculation, setThresholds, staff, sync, until } from "./testing/world";

let world: SyncWorld;
let stripe: Stripe;
let people: Awaited<ReturnType<typeof staff>>;
let off: () => void;

beforeAll(async () => {
  world = await startWorld({ seed: 11 });
  stripe = apiClient(world.emu.url);
  people = await staff();
  off = registerCorrectionsOnSync(await getDb());
});
/** Teardown steps are bounded and named, so a stuck one is reported instead of failing the file. */
async function bounded(what: string, step: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.warn(`teardown: ${what} did not finish within 20 s`);
      resolve();
    }, 20_000);
  });
  await Promise.race([step, late]);
  clearTimeout(timer);
}
afterAll(async () => {
  off();
  await bounded("the emulator and webhook servers", world.close());
  await bounded("the database client", closeDb());
}, 60_000);
beforeEach(async () => {
  world.emu.emulator.webhooks.setFaults({ rate429: 0, rate500: 0, dropRate: 0 });
  // Generous thresholds unless a test lowers them.
  await setThresholds(people, { usd: "1000000" });
});

const rejects = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as Error & { fields?: Record<string, string> };
  }
  throw new Error("expected a rejection");
};

/** A paid invoice (1000 + 2000 + 3000, 19% VAT = 7140), its dispute and a recalculation crediting line 1 by 1000 (1190 with tax). */
async function setup(opts: { pay?: boolean; lines?: { index: number; amount: bigint; total: bigint }[] } = {}) {
  const base = await disputedInvoice(world, stripe, { pay: opts.pay });
  const lines = (opts.lines ?? [{ index: 0, amount: 1000n, total: 1190n }]).map((l) => ({
    lineId: base.invoice.lines[l.index].stripeId,
    amount: l.amount,
    total: l.total,
  }));
  const recalc = await recalculation({ invoiceId: base.invoice.id, disputeId: base.dispute.id, currency: base.invoice.currency, lines });
  return { ...base, recalc };
}

/** The invoice paid twice more by the customer's card: a duplicate charge, and one under an open chargeback. */
async function duplicateCharges(s: Awaited<ReturnType<typeof setup>>) {
  const pm = (await stripe.paymentMethods.list({ customer: s.customer.id })).data[0].id;
  const dup = world.emu.emulator.internal.payInvoiceAgain(s.stripeInvoice.id, pm);
  const disputed = world.emu.emulator.internal.payInvoiceAgain(s.stripeInvoice.id, pm);
  world.emu.emulator.internal.openDispute(disputed.charge.id);
  return { dup, disputed };
}

const creditNotesIn = async (invoiceStripeId: string) => (await stripe.creditNotes.list({ invoice: invoiceStripeId, limit: 100 })).data;

describe("corrections", () => {
  it("without a memo: nothing English is stored; the email tells the customer what was issued in their language", async () => {
    const db = await getDb();
    const s = await setup();
    await db.user.update({ where: { id: s.user.id }, data: { locale: "ru" } });
    const { id } = await createCorrection(db, {
      actor: people.agent,
      stripe,
      input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", refund: "11.90", credit: "0" },
    });
    expect(await submitCorrection(db, { actor: people.agent, correctionId: id })).toEqual({ status: "APPROVED" });
    await issueCorrection(db, { actor: people.agent, correctionId: id, stripe });
    const [note] = await creditNotesIn(s.stripeInvoice.id);
    await sync(world);
    await until(async () => (await db.correction.findUniqueOrThrow({ where: { id } })).status === "ISSUED");
    const d = await db.dispute.findUniqueOrThrow({ where: { id: s.dispute.id }, include: { messages: true } });
    expect(d).toMatchObject({ status: "RESOLVED", resolutionNote: "" });
    expect(d.messages.find((m) => m.kind === "RESOLUTION")?.body).toBe("");
    const [mail] = await db.outboxEmail.findMany({ where: { to: s.user.email } });
    expect(mail.locale).toBe("ru");
    expect(mail.text).toContain("Мы исправили ваш счёт: выпущена кредит-нота");
    expect(mail.text).toContain(correctionNote("ru", { creditNoteNumber: note.number, amount: 1190n, currency: note.currency }));
    expect(mail.text).not.toContain("We corrected");
  });

  it("a paid invoice: Stripe's preview, exact split, below threshold → issued, confirmed by webhook, dispute resolved, customer emailed", async () => {
    const db = await getDb();
    const s = await setup();
    const draft = await getCorrectionDraft(db, { actor: people.agent, recalculationId: s.recalc.id, stripe });
    expect(draft.lines).toEqual([{ type: "invoice_line_item", invoice_line_item: s.invoice.lines[0].stripeId, amount: "1000", description: "line 1" }]);
    expect(draft.preview?.total).toBe(1190n);
    expect(draft.estimate.total).toBe(1190n);
    expect(draft.postPayment).toBe(1190n);
    expect(draft.remaining).toBe(7140n);

    // split must equal the post-payment amount exactly
    const bad = await rejects(
      createCorrection(db, {
        actor: people.agent,
        stripe,
        input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", refund: "5.00", credit: "6.89" },
      }),
    );
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.fields).toEqual({ split: "desk.corrections.err.splitSum" });

    const { id } = await createCorrection(db, {
      actor: people.agent,
      stripe,
      input: {
        kind: "credit_note",
        recalculationId: s.recalc.id,
        rootCause: "WRONG_DATA",
        refund: "5.00",
        credit: "6.90",
        memo: "Two seats fewer",
        reason: "order_change",
      },
    });
    expect(await submitCorrection(db, { actor: people.agent, correctionId: id })).toEqual({ status: "APPROVED" });
    const issued = await issueCorrection(db, { actor: people.agent, correctionId: id, stripe });
    expect(issued.status).toBe("SUBMITTING");
    const notes = await creditNotesIn(s.stripeInvoice.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      total: 1190,
      post_payment_amount: 1190,
      memo: "Two seats fewer",
      reason: "order_change",
      metadata: { correction_id: id },
    });
    expect(notes[0].refunds[0].amount_refunded).toBe(500);

    await sync(world);
    const c = await until(async () => {
      const r = await db.correction.findUniqueOrThrow({ where: { id } });
      return r.status === "ISSUED" && r;
    });
    expect(c.stripeCreditNoteId).toBe(notes[0].id);
    const d = await db.dispute.findUniqueOrThrow({ where: { id: s.dispute.id }, include: { messages: true } });
    expect(d).toMatchObject({ status: "RESOLVED", rootCause: "WRONG_DATA", resolutionNote: "Two seats fewer" });
    const cn = await db.creditNote.findUniqueOrThrow({ where: { stripeId: notes[0].id } });
    expect(d.messages.find((m) => m.kind === "CORRECTION")).toMatchObject({
      visibility: "PUBLIC",
      meta: expect.objectContaining({ creditNoteId: cn.id, correctionId: id }),
    });
    expect(d.messages.find((m) => m.kind === "RESOLUTION")?.meta).toMatchObject({ creditNoteId: cn.id });
    const mail = await db.outboxEmail.findMany({ where: { to: s.user.email } });
    expect(mail.map((m) => m.template)).toEqual(["dispute.resolution"]);
    expect(mail[0].text).toContain(`/credit-notes/${cn.id}`);
    const actions = (await db.auditEntry.findMany({ where: { entityId: id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["correction.create", "correction.auto_approve", "correction.submit", "correction.accepted", "correction.issue"]);
    // a second issue of the same correction is refused: it was sent once
    expect(await rejects(issueCorrection(db, { actor: people.agent, correctionId: id, stripe }))).toBeInstanceOf(ValidationError);
  });

  it("an open invoice: the whole credit reduces the amount due; no split needed or allowed", async () => {
    const db = await getDb();
    const s = await setup({ pay: false });
    const draft = await getCorrectionDraft(db, { actor: people.agent, recalculationId: s.recalc.id, stripe });
    expect(draft.prePayment).toBe(1190n);
    expect(draft.postPayment).toBe(0n);
    const bad = await rejects(
      createCorrection(db, { actor: people.agent, stripe, input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", refund: "1" } }),
    );
    expect(bad.fields).toEqual({ split: "desk.corrections.err.splitNotNeeded" });
    const { id } = await createCorrection(db, {
      actor: people.agent,
      stripe,
      input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA" },
    });
    await submitCorrection(db, { actor: people.agent, correctionId: id });
    await issueCorrection(db, { actor: people.agent, correctionId: id, stripe });
    expect((await stripe.invoices.retrieve(s.stripeInvoice.id)).amount_due).toBe(7140 - 1190);
  });

  it("above the threshold a lead other than the requester approves, with a reason; agents and the requester cannot; rejection is final", async () => {
    const db = await getDb();
    await updateApprovalThresholds(db, { actor: people.lead, thresholds: { usd: "1000" } });
    expect(await rejects(updateApprovalThresholds(db, { actor: people.agent, thresholds: { usd: "1" } }))).toBeInstanceOf(ForbiddenError);
    const s = await setup();
    const mk = async (actor: typeof people.lead) =>
      (await createCorrection(db, { actor, stripe, input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", credit: "11.90" } }))
        .id;
    const id = await mk(people.lead);
    expect(await submitCorrection(db, { actor: people.lead, correctionId: id })).toEqual({ status: "PENDING_APPROVAL" });
    expect(await rejects(issueCorrection(db, { actor: people.lead, correctionId: id, stripe }))).toBeInstanceOf(ValidationError);
    expect(await rejects(approveCorrection(db, { actor: people.agent, input: { correctionId: id, reason: "looks right" } }))).toBeInstanceOf(ForbiddenError);
    const own = await rejects(approveCorrection(db, { actor: people.lead, input: { correctionId: id, reason: "looks right" } }));
    expect(own).toBeInstanceOf(ForbiddenError);
    expect(own.message).toBe("desk.corrections.err.ownApproval");
    expect((await rejects(approveCorrection(db, { actor: people.lead2, input: { correctionId: id, reason: " " } }))).fields).toEqual({
      reason: "desk.corrections.err.reasonRequired",
    });
    expect(await approveCorrection(db, { actor: people.lead2, input: { correctionId: id, reason: "Seat count checked against the contract" } })).toEqual({
      status: "APPROVED",
    });
    const approved = await db.correction.findUniqueOrThrow({ where: { id } });
    expect(approved).toMatchObject({ status: "APPROVED", approvedById: people.lead2.id, decisionReason: "Seat count checked against the contract" });
    expect(await db.auditEntry.findFirst({ where: { entityId: id, action: "correction.approve" } })).toMatchObject({
      actorId: people.lead2.id,
      reason: "Seat count checked against the contract",
    });

    const other = await mk(people.agent);
    await submitCorrection(db, { actor: people.agent, correctionId: other });
    await rejectCorrection(db, { actor: people.admin, input: { correctionId: other, reason: "Duplicate of the approved one" } });
    expect(await db.auditEntry.findFirst({ where: { entityId: other, action: "correction.reject" } })).toMatchObject({
      actorId: people.admin.id,
      reason: "Duplicate of the approved one",
    });
    expect(await rejects(approveCorrection(db, { actor: people.lead2, input: { correctionId: other, reason: "changed my mind" } }))).toBeInstanceOf(
      ValidationError,
    );
    expect(await rejects(issueCorrection(db, { actor: people.lead2, correctionId: other, stripe }))).toBeInstanceOf(ValidationError);
    // customers never reach any of it
    expect(
      await rejects(createCorrection(db, { actor: s.user, stripe, input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA" } })),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("four eyes on thresholds: a lead cannot raise the threshold, issue their own correction alone and set it back", async () => {
    const db = await getDb();
    const thresholds = (actor: typeof people.lead, usd: string) => updateApprovalThresholds(db, { actor, thresholds: { usd }, reason: "bypass attempt" });
    // Lowering is one person's change and applies at once.
    expect((await thresholds(people.lead, "1000")).held).toEqual([]);
    expect((await getApprovalThresholds(db)).usd).toBe(1000n);

    // 1. The raise is only a request: the threshold in force does not move.
    const raise = await thresholds(people.lead, "1000000");
    expect(raise.thresholds.usd).toBe(1000n);
    expect(raise.held).toMatchObject([{ currency: "usd", from: 1000n, to: 1_000_000n }]);
    expect(await db.approvalThresholdChange.findUniqueOrThrow({ where: { id: raise.held[0].id } })).toMatchObject({
      status: "PENDING",
      requestedById: people.lead.id,
      toMinor: 1_000_000n,
    });
    expect((await rejects(approveThresholdChange(db, { actor: people.lead, input: { changeId: raise.held[0].id, reason: "mine" } }))).message).toBe(
      "desk.corrections.err.ownThresholdApproval",
    );
    expect(await rejects(approveThresholdChange(db, { actor: people.agent, input: { changeId: raise.held[0].id, reason: "sure" } }))).toBeInstanceOf(
      ForbiddenError,
    );

    // 2. Their own correction above the old threshold still waits for someone else, and nothing reaches Stripe.
    const s = await setup();
    const { id } = await createCorrection(db, {
      actor: people.lead,
      stripe,
      input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", credit: "11.90" },
    });
    expect(await submitCorrection(db, { actor: people.lead, correctionId: id })).toEqual({ status: "PENDING_APPROVAL" });
    expect(await rejects(issueCorrection(db, { actor: people.lead, correctionId: id, stripe }))).toBeInstanceOf(ValidationError);
    expect(await rejects(approveCorrection(db, { actor: people.lead, input: { correctionId: id, reason: "fine" } }))).toBeInstanceOf(ForbiddenError);

    // 3. "Setting it back" changes nothing; the correction and the request are where they were.
    expect((await thresholds(people.lead, "1000")).held).toEqual([]);
    expect((await db.correction.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING_APPROVAL");
    expect(await creditNotesIn(s.stripeInvoice.id)).toEqual([]);
    expect(await db.auditEntry.findFirst({ where: { action: "setting.threshold_request", actorId: people.lead.id }, orderBy: { id: "desc" } })).toMatchObject({
      reason: "bypass attempt",
      before: { usd: "1000" },
      after: { usd: "1000000", changeId: raise.held[0].id },
    });

    // A second lead decides: rejected, it never applies; approved, it applies (and a newer request supersedes an older one).
    await rejectThresholdChange(db, { actor: people.lead2, input: { changeId: raise.held[0].id, reason: "No reason to raise" } });
    expect(await rejects(approveThresholdChange(db, { actor: people.admin, input: { changeId: raise.held[0].id, reason: "late" } }))).toBeInstanceOf(
      ValidationError,
    );
    expect((await getApprovalThresholds(db)).usd).toBe(1000n);
    const first = await thresholds(people.lead, "5000");
    const second = await thresholds(people.lead, "2000");
    expect((await db.approvalThresholdChange.findUniqueOrThrow({ where: { id: first.held[0].id } })).status).toBe("SUPERSEDED");
    expect(
      (await approveThresholdChange(db, { actor: people.admin, input: { changeId: second.held[0].id, reason: "Agreed in the weekly review" } })).thresholds.usd,
    ).toBe(2000n);
    expect(await db.auditEntry.findFirst({ where: { action: "setting.threshold_approve", actorId: people.admin.id }, orderBy: { id: "desc" } })).toMatchObject({
      reason: "Agreed in the weekly review",
      after: { usd: "2000", requestedById: people.lead.id },
    });
    const { id: within } = await createCorrection(db, {
      actor: people.lead,
      stripe,
      input: { kind: "credit_note", recalculationId: (await setup()).recalc.id, rootCause: "WRONG_DATA", credit: "11.90" },
    });
    expect(await submitCorrection(db, { actor: people.lead, correctionId: within })).toEqual({ status: "APPROVED" });
  });

  it("thresholds: a lead adds one for a new currency (known ISO code, its minor units, no duplicates) and removes one, which makes the currency always need approval; audited", async () => {
    const db = await getDb();
    const add = (actor: typeof people.lead, currency: string, amount: string, reason?: string) =>
      addApprovalThreshold(db, { actor, input: { currency, amount, reason } });
    expect(await rejects(add(people.agent, "nzd", "900"))).toBeInstanceOf(ForbiddenError);
    // a new threshold lets more through alone than none: it waits for a second lead or an admin
    const nzd = await add(people.lead, " NZD ", "900.50", "New NZ customers");
    expect(nzd.thresholds.nzd).toBeUndefined();
    expect(nzd.held).toMatchObject([{ currency: "nzd", from: null, to: 90_050n }]);
    expect((await approveThresholdChange(db, { actor: people.lead2, input: { changeId: nzd.held[0].id, reason: "NZ launch agreed" } })).thresholds.nzd).toBe(
      90_050n,
    );
    const bhd = await add(people.admin, "bhd", "1.25");
    expect((await approveThresholdChange(db, { actor: people.lead, input: { changeId: bhd.held[0].id, reason: "Bahrain launch" } })).thresholds.bhd).toBe(
      1_250n,
    );
    expect(await db.auditEntry.findFirst({ where: { action: "setting.threshold_add", actorId: people.lead.id }, orderBy: { id: "desc" } })).toMatchObject({
      entityId: "corrections.approvalThresholds",
      reason: "New NZ customers",
      after: { nzd: "90050" },
    });
    expect((await rejects(add(people.lead, "nzd", "1"))).fields).toEqual({ currency: "desk.corrections.err.currencyExists" });
    expect((await rejects(add(people.lead, "USD", "1"))).fields).toEqual({ currency: "desk.corrections.err.currencyExists" });
    expect((await rejects(add(people.lead, "xyz", "1"))).fields).toEqual({ currency: "desk.corrections.err.currencyUnknown" });
    expect((await rejects(add(people.lead, "", "1"))).fields).toEqual({ currency: "desk.corrections.err.required" });
    expect((await rejects(add(people.lead, "isk", "12.5"))).fields).toEqual({ amount: "desk.corrections.err.amount_step" });
    expect((await rejects(add(people.lead, "huf", ""))).fields).toEqual({ amount: "desk.corrections.err.amount_empty" });
    expect((await rejects(add(people.lead, "omr", "1.0001"))).fields).toEqual({ amount: "desk.corrections.err.amount_precision" });

    const remove = (actor: typeof people.lead, currency: string) => removeApprovalThreshold(db, { actor, input: { currency, reason: "Review every one" } });
    expect(await rejects(remove(people.agent, "nzd"))).toBeInstanceOf(ForbiddenError);
    expect((await remove(people.lead, "nzd")).nzd).toBeUndefined();
    expect((await rejects(remove(people.lead, "nzd"))).fields).toEqual({ currency: "desk.corrections.err.currencyMissing" });
    // a default removed stays removed, also after the form's update of the others
    await remove(people.lead, "eur");
    await updateApprovalThresholds(db, { actor: people.lead, thresholds: { usd: "1000000" } });
    expect(await getApprovalThresholds(db)).toMatchObject({ usd: 1_000_000n, gbp: 50_000n });
    expect((await getApprovalThresholds(db)).eur).toBeUndefined();
    expect(await db.auditEntry.findFirst({ where: { action: "setting.threshold_remove", actorId: people.lead.id }, orderBy: { id: "desc" } })).toMatchObject({
      reason: "Review every one",
      before: { eur: "50000" },
    });
    // without a threshold every correction in the currency waits for a lead, however small
    await remove(people.lead, "usd");
    const s = await setup();
    const { id } = await createCorrection(db, {
      actor: people.agent,
      stripe,
      input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", credit: "11.90" },
    });
    expect(await submitCorrection(db, { actor: people.agent, correctionId: id })).toEqual({ status: "PENDING_APPROVAL" });
    // and the currency can be added back
    const usd = await add(people.lead, "usd", "1000");
    expect((await approveThresholdChange(db, { actor: people.admin, input: { changeId: usd.held[0].id, reason: "back to normal" } })).thresholds.usd).toBe(
      100_000n,
    );
  });

  it("limits: parallel issues from two agents cannot over-credit the invoice", async () => {
    const db = await getDb();
    // custom line of 5000 (no tax): three such corrections cannot all fit in 7140
    const s = await setup({ lines: [{ index: 2, amount: 0n, total: 5000n }] });
    const ids: string[] = [];
    for (const actor of [people.agent, people.agent2, people.agent]) {
      const { id } = await createCorrection(db, {
        actor,
        stripe,
        input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "HUMAN_ERROR", outOfBand: "50.00" },
      });
      await submitCorrection(db, { actor, correctionId: id });
      ids.push(id);
    }
    const results = await Promise.allSettled(
      [...ids, ids[0]].map((id, i) => issueCorrection(db, { actor: i % 2 ? people.agent2 : people.agent, correctionId: id, stripe })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    const refusals = results
      .filter((r): r is PromiseRejectedResult => r.status === "rejected")
      .map((r) => (r.reason as Error).message)
      .sort();
    // ids[0] is issued twice: when one of its calls wins, the other finds it no longer APPROVED;
    // when another correction wins, both of its calls are over the limit.
    const winner = results.findIndex((r) => r.status === "fulfilled");
    const firstWon = winner === 0 || winner === 3;
    expect(refusals).toEqual(
      firstWon
        ? ["desk.corrections.err.overLimit", "desk.corrections.err.overLimit", "desk.corrections.err.state"]
        : ["desk.corrections.err.overLimit", "desk.corrections.err.overLimit", "desk.corrections.err.overLimit"],
    );
    expect(await creditNotesIn(s.stripeInvoice.id)).toHaveLength(1);
    expect(await db.auditEntry.count({ where: { entityId: { in: ids }, action: "correction.refused" } })).toBe(firstWon ? 2 : 3);
    // what is left is still creditable
    await sync(world);
    const draft = await getCorrectionDraft(db, { actor: people.agent, recalculationId: s.recalc.id, stripe });
    expect(draft.remaining).toBe(7140n - 5000n);
    expect(draft.overLimit).toBe(true);
  });

  it("a Stripe error fails the correction with Stripe's message; a retry issues it once", async () => {
    const db = await getDb();
    const s = await setup();
    const { id } = await createCorrection(db, {
      actor: people.agent,
      stripe,
      input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", credit: "11.90" },
    });
    await submitCorrection(db, { actor: people.agent, correctionId: id });
    world.emu.emulator.webhooks.setFaults({ rate500: 1 });
    const failed = await issueCorrection(db, { actor: people.agent, correctionId: id, stripe });
    expect(failed.status).toBe("FAILED");
    const row = await db.correction.findUniqueOrThrow({ where: { id } });
    expect(row.lastError).toMatch(/./);
    expect(row.idempotencyKey).toBe(`settle-correction-${id}-g1`);
    world.emu.emulator.webhooks.setFaults({ rate500: 0 });
    const retried = await issueCorrection(db, { actor: people.agent2, correctionId: id, stripe });
    expect(retried.status).toBe("SUBMITTING");
    await sync(world);
    await until(async () => (await db.correction.findUniqueOrThrow({ where: { id } })).status === "ISSUED");
    expect(await creditNotesIn(s.stripeInvoice.id)).toHaveLength(1);
    expect((await db.auditEntry.findMany({ where: { entityId: id }, orderBy: { id: "asc" } })).map((a) => a.action)).toContain("correction.fail");
  });

  it("crash between Stripe's answer and our commit: recovery finds the note, exactly one credit note exists", async () => {
    const db = await getDb();
    const s = await setup();
    const { id } = await createCorrection(db, {
      actor: people.agent,
      stripe,
      input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", credit: "11.90" },
    });
    await submitCorrection(db, { actor: people.agent, correctionId: id });
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(import.meta.dirname, "testing/issue-child.ts"), id], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, SETTLE_TEST_CRASH_AFTER_STRIPE: "1", STRIPE_API_BASE: world.emu.url, LOG_LEVEL: "silent" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (d) => {
        err += String(d);
      });
      child.on("error", reject);
      child.on("exit", (c) => (c === 137 ? resolve(c) : reject(new Error(`child exited ${c}: ${err}`))));
    });
    expect(code).toBe(137);
    const stuck = await db.correction.findUniqueOrThrow({ where: { id } });
    expect(stuck).toMatchObject({ status: "SUBMITTING", stripeCreditNoteId: null });
    expect(await creditNotesIn(s.stripeInvoice.id)).toHaveLength(1);
    // the same idempotent request replays the same note (what recovery would send without the lookup)
    // (with the process's own client: Stripe scopes idempotency keys to the API key)
    const replay = await sendToStripe(getStripe(), { correction: stuck, invoiceStripeId: s.stripeInvoice.id, lookFirst: false });
    expect(replay).toMatchObject({ ok: true, stripeId: (await creditNotesIn(s.stripeInvoice.id))[0].id });
    const r = await recoverSubmittingCorrections(db, { olderThanMs: 0 });
    expect(r.resent).toBeGreaterThanOrEqual(1);
    expect(await creditNotesIn(s.stripeInvoice.id)).toHaveLength(1);
    await sync(world);
    const c = await until(async () => {
      const x = await db.correction.findUniqueOrThrow({ where: { id } });
      return x.status === "ISSUED" && x;
    });
    expect(c.stripeCreditNoteId).toBe((await creditNotesIn(s.stripeInvoice.id))[0].id);
    expect((await db.dispute.findUniqueOrThrow({ where: { id: s.dispute.id } })).status).toBe("RESOLVED");
  });

  it("a lost webhook confirmation (no listener) is settled by the periodic recovery", async () => {
    const db = await getDb();
    const s = await setup();
    const { id } = await createCorrection(db, {
      actor: people.agent,
      stripe,
      input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", credit: "11.90" },
    });
    await submitCorrection(db, { actor: people.agent, correctionId: id });
    off();
    try {
      await issueCorrection(db, { actor: people.agent, correctionId: id, stripe });
      await sync(world);
      await new Promise((r) => setTimeout(r, 200));
      expect((await db.correction.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTING");
    } finally {
      off = registerCorrectionsOnSync(await getDb());
    }
    expect((await recoverSubmittingCorrections(db, { stripe, olderThanMs: 0 })).confirmed).toBeGreaterThanOrEqual(1);
    expect((await db.correction.findUniqueOrThrow({ where: { id } })).status).toBe("ISSUED");
    expect((await db.dispute.findUniqueOrThrow({ where: { id: s.dispute.id } })).status).toBe("RESOLVED");
  });

  it("refund-only for a duplicate charge; never on a charge with an open chargeback", async () => {
    const db = await getDb();
    const s = await setup();
    const { dup, disputed: other } = await duplicateCharges(s);
    await sync(world);
    const refundInput = (chargeStripeId: string, amount: string) => ({
      kind: "refund" as const,
      disputeId: s.dispute.id,
      chargeStripeId,
      amount,
      rootCause: "TECHNICAL_FAULT" as const,
    });
    expect((await rejects(createCorrection(db, { actor: people.agent, input: refundInput(other.charge.id, "10.00") }))).fields).toEqual({
      chargeStripeId: "desk.corrections.err.chargeback",
    });
    expect((await rejects(createCorrection(db, { actor: people.agent, input: refundInput(dup.charge.id, "71.41") }))).fields).toEqual({
      amount: "desk.corrections.err.overRefundable",
    });
    const { id } = await createCorrection(db, { actor: people.agent, input: refundInput(dup.charge.id, "71.40") });
    await submitCorrection(db, { actor: people.agent, correctionId: id });
    // A twin that slipped past create at the same moment (its check ran before this one was stored)
    const a = await db.correction.findUniqueOrThrow({ where: { id } });
    const twin = `${id}_twin`;
    await db.correction.create({
      data: { ...a, id: twin, idempotencyKey: correctionIdempotencyKey(twin), lines: [] } as Prisma.CorrectionUncheckedCreateInput,
    });
    expect((await issueCorrection(db, { actor: people.agent, correctionId: id, stripe })).status).toBe("SUBMITTING");
    // issue checks again under the invoice lock, counting the one in flight: the twin is never sent
    expect((await rejects(issueCorrection(db, { actor: people.agent, correctionId: twin, stripe }))).message).toBe("desk.corrections.err.overRefundable");
    expect((await db.correction.findUniqueOrThrow({ where: { id: twin } })).status).toBe("APPROVED");
    expect((await stripe.refunds.list({ charge: dup.charge.id })).data).toHaveLength(1);
    await sync(world);
    const c = await until(async () => {
      const x = await db.correction.findUniqueOrThrow({ where: { id } });
      return x.status === "ISSUED" && x;
    });
    expect((await stripe.refunds.retrieve(c.stripeRefundId!)).metadata).toEqual({ correction_id: id });
    expect((await stripe.charges.retrieve(dup.charge.id)).amount_refunded).toBe(7140);
    expect((await db.dispute.findUniqueOrThrow({ where: { id: s.dispute.id } })).rootCause).toBe("TECHNICAL_FAULT");
  });

  it("refund preview: Settle's own figures and refusals, from synced data, agree with createCorrection", async () => {
    const db = await getDb();
    const s = await setup();
    const { dup, disputed } = await duplicateCharges(s);
    await sync(world);
    const input = (chargeStripeId: string, amount: string) => ({
      kind: "refund" as const,
      disputeId: s.dispute.id,
      chargeStripeId,
      amount,
      rootCause: "TECHNICAL_FAULT" as const,
    });
    const preview = (chargeStripeId: string, amount?: string) =>
      previewRefund(db, { actor: people.agent, input: { disputeId: s.dispute.id, chargeStripeId, amount } });
    /** The preview and the real submission agree: both accept, or both refuse with the same field errors. */
    const agree = async (chargeStripeId: string, amount: string) => {
      const p = await preview(chargeStripeId, amount);
      const created = await createCorrection(db, { actor: people.agent, input: input(chargeStripeId, amount) }).then(
        (r) => r.id,
        (e: ValidationError) => e,
      );
      if (p.ok) expect(typeof created).toBe("string");
      else expect((created as ValidationError).fields).toEqual(p.errors);
      return { p, id: typeof created === "string" ? created : null };
    };

    expect(await rejects(previewRefund(db, { actor: s.user, input: { disputeId: s.dispute.id, chargeStripeId: dup.charge.id, amount: "1" } }))).toBeInstanceOf(
      ForbiddenError,
    );
    const before = await preview(dup.charge.id);
    expect(before).toMatchObject({
      ok: false,
      errors: {},
      amount: null,
      refunded: 0n,
      inFlightTotal: 0n,
      refundable: 7140n,
      charge: { stripeId: dup.charge.id, amount: 7140n, currency: "usd" },
    });

    const first = await agree(dup.charge.id, "50.00");
    expect(first.p).toMatchObject({
      ok: true,
      errors: {},
      amount: 5000n,
      refundable: 7140n,
      remainderAfter: 2140n,
      needsApproval: false,
      threshold: 1_000_000n,
    });
    await submitCorrection(db, { actor: people.agent, correctionId: first.id! });
    // the first correction now holds 50.00 of the charge, before Stripe has refunded anything
    const over = await agree(dup.charge.id, "30.00");
    expect(over.p).toMatchObject({
      ok: false,
      errors: { amount: "desk.corrections.err.overRefundable" },
      refunded: 0n,
      inFlightTotal: 5000n,
      refundable: 2140n,
      remainderAfter: -860n,
    });
    expect(over.p.inFlight).toEqual([{ id: first.id, status: "APPROVED", amountMinor: 5000n }]);
    expect((await agree(dup.charge.id, "1.001")).p.errors).toEqual({ amount: "desk.corrections.err.amount_precision" });
    expect((await agree(disputed.charge.id, "10.00")).p.errors).toEqual({ chargeStripeId: "desk.corrections.err.chargeback" });
    expect((await agree("ch_unknown", "1")).p.errors).toEqual({ chargeStripeId: "desk.corrections.err.charge" });

    // above the threshold: the preview says a lead must approve
    await updateApprovalThresholds(db, { actor: people.lead, thresholds: { usd: "1000" } });
    expect(await preview(dup.charge.id, "10.01")).toMatchObject({ ok: true, needsApproval: true, threshold: 1000n });

    // issued and synced: counted as refunded, no longer in flight; the refund resolved the dispute, so both refuse now
    await issueCorrection(db, { actor: people.agent, correctionId: first.id!, stripe });
    await sync(world);
    await until(async () => (await db.correction.findUniqueOrThrow({ where: { id: first.id! } })).status === "ISSUED");
    const after = await agree(dup.charge.id, "21.40");
    expect(after.p).toMatchObject({
      ok: false,
      errors: { form: "desk.corrections.err.disputeClosed" },
      refunded: 5000n,
      inFlight: [],
      inFlightTotal: 0n,
      refundable: 2140n,
      remainderAfter: 0n,
    });
  });

  it("void: a lead voids an issued credit note as a new audited action; nothing is deleted; Stripe's refusal is shown", async () => {
    const db = await getDb();
    const s = await setup({
      lines: [
        { index: 0, amount: 500n, total: 595n },
        { index: 1, amount: 500n, total: 595n },
      ],
    });
    const mk = async (split: Record<string, string>) => {
      const { id } = await createCorrection(db, {
        actor: people.agent,
        stripe,
        input: { kind: "credit_note", recalculationId: s.recalc.id, rootCause: "WRONG_DATA", ...split },
      });
      await submitCorrection(db, { actor: people.agent, correctionId: id });
      await issueCorrection(db, { actor: people.agent, correctionId: id, stripe });
      return id;
    };
    const credit = await mk({ credit: "11.90" });
    const refunded = await mk({ refund: "11.90" });
    await sync(world);
    await until(async () => (await db.correction.count({ where: { id: { in: [credit, refunded] }, status: "ISSUED" } })) === 2);
    // Void is offered only where Stripe accepts it: the balance credit, not the refunded one.
    expect((await getCorrectionDetail(db, { actor: people.lead, correctionId: credit })).canVoid).toBe(true);
    expect((await getCorrectionDetail(db, { actor: people.lead, correctionId: refunded })).canVoid).toBe(false);
    expect(await rejects(voidCorrection(db, { actor: people.agent, input: { correctionId: credit, reason: "Wrong invoice" }, stripe }))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await voidCorrection(db, { actor: people.lead, input: { correctionId: credit, reason: "Issued on the wrong invoice" }, stripe })).toEqual({
      status: "VOIDED",
    });
    const c = await db.correction.findUniqueOrThrow({ where: { id: credit } });
    expect(c).toMatchObject({ status: "VOIDED", stripeCreditNoteId: expect.stringMatching(/^cn_/) });
    expect((await stripe.creditNotes.retrieve(c.stripeCreditNoteId!)).status).toBe("void");
    expect(await db.auditEntry.findFirst({ where: { entityId: credit, action: "correction.void" } })).toMatchObject({
      actorId: people.lead.id,
      reason: "Issued on the wrong invoice",
    });
    const refused = await rejects(voidCorrection(db, { actor: people.lead, input: { correctionId: refunded, reason: "Try it" }, stripe }));
    expect(refused.message).toBe("desk.corrections.err.stripe");
    expect((refused as unknown as { detail: string }).detail).toMatch(/refund/i);
    expect((await db.correction.findUniqueOrThrow({ where: { id: refunded } })).status).toBe("ISSUED");
    await sync(world);
    expect((await db.creditNote.findUniqueOrThrow({ where: { stripeId: c.stripeCreditNoteId! } })).status).toBe("VOID");
  });
});
