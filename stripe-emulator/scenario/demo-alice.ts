// Alice's part of the demo history: enough that every customer-facing feature can be seen by
// signing in as her. Beside her monthly subscription invoice she gets usage top-up invoices
// (more than one page of invoices), one declined then paid days later, one credited, an
// itemized last invoice with 40+ lines, two tax rates, a line discount and an invoice
// discount left open ("Pay now"), and a declined top-up left open ("Retry with another card").
// Every line is priced by her contracts, so the billing audit finds nothing on these.
import { call, tryPay } from "./api";
import { creditNoteTotal } from "./compat";
import { type CustomerPlan, type ScenarioCtx } from "./context";
import { buildInvoice } from "./invoices";
import { planLines, type LineSpec } from "./lines";
import { payByCard } from "./outcomes";
import { Rng } from "./rng";
import type { Scheduler } from "./scheduler";

const DAY = 86_400;
/** Top-up invoices per month: with the monthly one, 5 × 6 months = 30 invoices, past the page of 25. */
const TOP_UPS = 4;
const WEEKS = ["week 1", "week 2", "week 3", "week 4"];

function usageLines(plan: CustomerPlan, rng: Rng, period: { start: number; end: number }): LineSpec[] {
  return planLines(plan, rng, period).filter((l) => l.kind === "usage");
}

/** Alice's top-up invoices of month `month` (her monthly invoice is made by the normal flow). */
export function aliceTopUps(ctx: ScenarioCtx, plan: CustomerPlan, month: number, months: number, sched: Scheduler, seed: number): void {
  const now = ctx.em.clock.now();
  for (let k = 0; k < TOP_UPS; k++) {
    const rng = Rng.fork(seed, `alice:topup:${month}:${k}`);
    const at = now + (k + 1) * 6 * DAY;
    sched.at(at, () => {
      const period = { start: at, end: at + 6 * DAY };
      const lines = usageLines(plan, rng, period).map((l) => ({ ...l, description: `${l.description} — top-up ${k + 1}` }));
      const { invoice } = buildInvoice(ctx, plan, lines, month, { draft: true });
      const id = invoice.id as string;
      if (month === 1 && k === 0) {
        // Declined, then paid with another card three days later.
        declined(ctx, id, "pm_card_chargeDeclinedInsufficientFunds");
        sched.at(at + 3 * DAY, () => {
          payByCard(ctx, id, rng);
          ctx.highlights.alice_recovered_invoice = id;
        });
      } else if (month === months - 1 && k === 0) {
        declined(ctx, id, "pm_card_chargeDeclined");
        ctx.highlights.alice_declined_open_invoice = id;
      } else {
        payByCard(ctx, id, rng);
        if (month === 2 && k === 1) sched.at(at + 5 * DAY, () => creditUsage(ctx, id));
      }
    });
  }
}

function declined(ctx: ScenarioCtx, id: string, card: string): void {
  const res = tryPay(ctx.em, `/v1/invoices/${id}/pay`, { payment_method: card });
  if (res.ok) throw new Error(`demo: declined card ${card} was accepted for ${id}`);
  ctx.count("payment_failed");
}

/** A tenth of the usage credited and refunded: API calls billed twice by the meter (an over-billed quantity). */
function creditUsage(ctx: ScenarioCtx, invoice: string): void {
  const inv = call(ctx.em, "GET", `/v1/invoices/${invoice}`);
  const line = inv.lines.data[0];
  const base = {
    invoice,
    reason: "order_change",
    lines: [{ type: "invoice_line_item", invoice_line_item: line.id, quantity: Math.max(1, Math.floor(line.quantity / 10)) }],
    memo: "API calls counted twice by the usage meter",
    // What Settle shows as the reason (Stripe's own four reasons have no "billed in error").
    metadata: { settle_cause: "WRONG_QUANTITY" },
  };
  const cn = call(ctx.em, "POST", "/v1/credit_notes", { ...base, refund_amount: creditNoteTotal(ctx, invoice, base) });
  ctx.highlights.alice_credit_note = cn.id as string;
  ctx.count("credit_notes");
}

/**
 * Alice's last monthly invoice, itemized: seats (line discount) and platform at the state rate,
 * and the usage of every region week by week (44+ lines), half of it also at the local rate.
 * Left open: the invoice the demo pays with "Pay now".
 */
export function aliceItemized(ctx: ScenarioCtx, plan: CustomerPlan, month: number, seed: number): void {
  const now = ctx.em.clock.now();
  const period = { start: now - 3600, end: now - 3600 + 30 * DAY };
  const rng = Rng.fork(seed, "alice:itemized");
  const [seats, platform] = planLines(plan, rng, period);
  const state = ctx.taxRates.us_ny;
  const local = ctx.taxRates.us_nyc_local;
  const usage: LineSpec[] = [];
  const regions = planLines({ ...plan, manyLines: true }, rng, period).filter((l) => l.kind === "usage");
  for (const [r, l] of regions.entries()) {
    for (const [w, week] of WEEKS.entries()) {
      const quantity = Math.max(1000, Math.floor(l.quantity / 4 / 1000) * 1000 + w * 250);
      usage.push({ ...l, quantity, description: `${l.description}, ${week}`, taxRates: r % 2 === 0 ? [state, local] : [state] });
    }
  }
  const lines = [{ ...seats!, taxRates: [state] }, { ...platform!, taxRates: [state] }, ...usage];
  const { invoice } = buildInvoice(ctx, plan, lines, month);
  ctx.highlights.alice_itemized_invoice = invoice.id as string;
}
