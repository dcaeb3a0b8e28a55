import { call, tryPay, type Obj } from "./api";
import { PROFILES } from "./catalog";
import { closeDispute, creditNoteTotal, invoicePayment, openDispute } from "./compat";
import type { CustomerPlan, ScenarioCtx } from "./context";
import type { Rng } from "./rng";
import type { Scheduler } from "./scheduler";

const DAY = 86_400;
const GOOD_CARDS = ["pm_card_visa", "pm_card_mastercard"] as const;

/** Pays with a card that succeeds; a refusal here is a scenario bug, not an outcome. */
export function payByCard(ctx: ScenarioCtx, invoice: string, rng: Rng): Obj {
  const pm = GOOD_CARDS[rng.int(0, 1)]!;
  return call(ctx.em, "POST", `/v1/invoices/${invoice}/pay`, { payment_method: pm });
}

/**
 * The life of a clean invoice after finalization. Frequencies are rough shares of real
 * SaaS billing; every path leaves the invoice in a state consistent with its payments
 * (nothing here is a billing error).
 */
export function scheduleClean(ctx: ScenarioCtx, sched: Scheduler, plan: CustomerPlan, draft: Obj, t: number, rng: Rng): void {
  const id = draft.id as string;
  const r = rng.int(0, 999);
  // Paid at once: /pay finalizes the draft itself. Every other path needs an open invoice now.
  const payNow = plan.collection === "charge_automatically" && r < 760;
  if (!payNow) call(ctx.em, "POST", `/v1/invoices/${id}/finalize`, { auto_advance: false });
  if (plan.collection === "send_invoice") {
    // Sent invoices wait for the customer: most pay within the due period, some never do.
    if (r < 600) sched.at(t + rng.int(3, 25) * DAY, () => paidThenFollowUps(ctx, sched, plan, id, rng));
    else if (r < 750) sched.at(t + rng.int(5, 20) * DAY, () => outOfBand(ctx, id));
    else if (r < 900) {
      ctx.count("left_open");
      if (rng.chance(0.3)) sched.at(t + 4 * DAY, () => creditNote(ctx, plan, id, rng, false));
    } else sched.at(t + 2 * DAY, () => voidInvoice(ctx, id));
    return;
  }
  if (r < 760) paidThenFollowUps(ctx, sched, plan, id, rng);
  else if (r < 860) {
    // Declined, then retried days later: once with a good card, sometimes never.
    const declined = rng.chance(0.3) ? "pm_card_chargeDeclinedInsufficientFunds" : "pm_card_chargeDeclined";
    const res = tryPay(ctx.em, `/v1/invoices/${id}/pay`, { payment_method: declined });
    if (res.ok) throw new Error(`declined card ${declined} was accepted for ${id}`);
    ctx.count("payment_failed");
    const fate = rng.int(0, 9);
    if (fate < 7)
      sched.at(t + rng.int(2, 6) * DAY, () => {
        payByCard(ctx, id, rng);
        ctx.count("retried_paid");
      });
    else if (fate < 9) ctx.count("left_open");
    else
      sched.at(t + 30 * DAY, () => {
        call(ctx.em, "POST", `/v1/invoices/${id}/mark_uncollectible`);
        ctx.count("uncollectible");
      });
  } else if (r < 920) sched.at(t + rng.int(1, 10) * DAY, () => outOfBand(ctx, id));
  else if (r < 960) sched.at(t + rng.int(1, 3) * DAY, () => voidInvoice(ctx, id));
  else {
    ctx.count("left_open");
    if (rng.chance(0.3)) sched.at(t + 4 * DAY, () => creditNote(ctx, plan, id, rng, false));
  }
}

function outOfBand(ctx: ScenarioCtx, id: string): void {
  call(ctx.em, "POST", `/v1/invoices/${id}/pay`, { paid_out_of_band: true });
  ctx.count("paid_out_of_band");
}

function voidInvoice(ctx: ScenarioCtx, id: string): void {
  call(ctx.em, "POST", `/v1/invoices/${id}/void`);
  ctx.count("voided");
}

/** A card payment and, for a few, what happens after: refunds, chargebacks, credit notes. */
function paidThenFollowUps(ctx: ScenarioCtx, sched: Scheduler, plan: CustomerPlan, id: string, rng: Rng): void {
  const inv = payByCard(ctx, id, rng);
  ctx.count("paid_card");
  const now = ctx.em.clock.now();
  const amount = inv.amount_paid as number;
  const r = rng.int(0, 999);
  const gran = PROFILES[plan.currency].granularity;
  if (r < 30) {
    // Partial refund: a goodwill gesture of 10–50 %, in whole chargeable units.
    const part = Math.floor((amount * rng.int(10, 50)) / 100 / gran) * gran;
    if (part > 0) sched.at(now + rng.int(3, 12) * DAY, () => refund(ctx, id, part, "partial"));
  } else if (r < 42) sched.at(now + rng.int(3, 12) * DAY, () => refund(ctx, id, null, "full"));
  else if (r < 52) {
    const won = rng.chance(0.5);
    sched.at(now + rng.int(5, 20) * DAY, () => {
      const p = invoicePayment(ctx, id);
      if (!p) throw new Error(`no card payment found for ${id}`);
      const d = openDispute(ctx, p.charge, amount, rng.chance(0.5) ? "fraudulent" : "product_not_received");
      ctx.count("disputes");
      sched.at(ctx.em.clock.now() + 21 * DAY, () => {
        closeDispute(ctx, d.id as string, won ? "won" : "lost");
        ctx.count(won ? "disputes_won" : "disputes_lost");
        if (!ctx.highlights[won ? "dispute_won" : "dispute_lost"]) ctx.highlights[won ? "dispute_won" : "dispute_lost"] = d.id as string;
      });
    });
  } else if (r < 80) sched.at(now + rng.int(2, 15) * DAY, () => creditNote(ctx, plan, id, rng, true));
}

function refund(ctx: ScenarioCtx, invoice: string, amount: number | null, kind: "partial" | "full"): void {
  const p = invoicePayment(ctx, invoice);
  if (!p) throw new Error(`no card payment found for ${invoice}`);
  const re = call(ctx.em, "POST", "/v1/refunds", { payment_intent: p.payment_intent, reason: "requested_by_customer", ...(amount ? { amount } : {}) });
  ctx.count(`refunds_${kind}`);
  ctx.highlights[`refund_${kind}`] ??= re.id as string;
}

/**
 * Credits one unit of the first line (the "12 seats, we have 10" correction). For a paid
 * invoice the post-payment part is refunded or goes to the customer's balance; on an open
 * invoice it only lowers what is due. The exact total is computed first so the split adds up.
 */
function creditNote(ctx: ScenarioCtx, plan: CustomerPlan, invoice: string, rng: Rng, paid: boolean): void {
  const inv = call(ctx.em, "GET", `/v1/invoices/${invoice}`);
  const line = (inv.lines?.data as Obj[] | undefined)?.[0];
  if (!line || (line.quantity as number) < 2) return;
  const reason = rng.chance(0.5) ? "order_change" : "product_unsatisfactory";
  const base: Obj = {
    invoice,
    reason,
    lines: [{ type: "invoice_line_item", invoice_line_item: line.id, quantity: 1 }],
    memo: "One seat credited",
    // A seat billed in error: the cause Settle shows (Stripe's "order_change" would read "Order changed").
    ...(reason === "order_change" ? { metadata: { settle_cause: "WRONG_QUANTITY" } } : {}),
  };
  if (!paid) {
    call(ctx.em, "POST", "/v1/credit_notes", base);
  } else {
    const total = creditNoteTotal(ctx, invoice, base);
    const refundIt = rng.chance(0.5) && plan.currency !== "kwd";
    const cn = call(ctx.em, "POST", "/v1/credit_notes", { ...base, ...(refundIt ? { refund_amount: total } : { credit_amount: total }) });
    ctx.highlights.credit_note_post_payment ??= cn.id as string;
  }
  ctx.count("credit_notes");
}
