// The demo's billing errors beyond the random injections: one for each audit rule those do not
// reach, each on a slot of a customer who is none of the named four, each recorded in the
// manifest (`injected`) as the random ones are, so the Findings page has something true to say
// for every rule:
//   total_mismatch            → invoice_math (an imported invoice counts its platform fee twice in the total)
//   billed_after_service_end  → after_service_end (the platform add-on was cancelled; the next bill still has it)
//   currency_mismatch         → currency_mismatch (a EUR invoice for a customer whose contracts are in USD)
//   lost_payment_events       → lost_sync and reconciliation_diff (paid in two instalments; the second
//                               one, paid after Settle's first sync, never reaches Settle: payLostInstalment)
//   excess_refund             → refund_exceeds_charge (a goodwill refund booked a second time)
import { call } from "./api";
import { dropEvents, invoicePayment, latestEventId, payPart, refundBeyondCharge } from "./compat";
import type { Emulator } from "../src/emulator";
import { type CustomerPlan, discountActive, ScenarioCtx } from "./context";
import { importAndPay, importLines } from "./inject";
import { buildInvoice } from "./invoices";
import { lineAmount, type LineSpec, planLines } from "./lines";
import { payByCard } from "./outcomes";
import { PROFILES } from "./catalog";
import type { Rng } from "./rng";
import type { Scheduler } from "./scheduler";
import type { Currency, InjectedError, ScenarioManifest } from "./types";

const DAY = 86_400;
type Period = { start: number; end: number };

export type DemoAuditKind = "total_mismatch" | "billed_after_service_end" | "currency_mismatch" | "lost_payment_events" | "excess_refund";

function record(ctx: ScenarioCtx, kind: DemoAuditKind, plan: CustomerPlan, invoice: string, extra: Omit<InjectedError, "kind" | "customer" | "invoice">): void {
  ctx.injected.push({ kind, customer: plan.id, invoice, ...extra });
  ctx.count(`injected_${kind}`);
  ctx.highlights[`audit_${kind}`] = invoice;
}

/** The platform fee added to the total a second time by the system the invoice was imported from. */
function totalMismatch(ctx: ScenarioCtx, plan: CustomerPlan, lines: LineSpec[], rng: Rng): void {
  const items = importLines(lines, (l) => lineAmount(l.quantity, l.unit));
  const platform = items.find((_, i) => lines[i]!.kind === "platform")!;
  const { invoice, full } = importAndPay(ctx, plan, items, rng, platform.amount);
  record(ctx, "total_mismatch", plan, invoice.id as string, {
    expected: { total: (full.total as number) - platform.amount },
    details: { total: full.total, added_twice: platform.amount, line_description: platform.description },
  });
}

/**
 * The customer cancelled the platform add-on: its contract ends where this period starts (the
 * manifest's contract gets that end date), yet this invoice still bills the platform fee.
 */
function billedAfterServiceEnd(ctx: ScenarioCtx, plan: CustomerPlan, month: number, period: Period, rng: Rng): void {
  const lines = planLines(plan, rng, period);
  for (const c of plan.tariffs.platform) if (c.valid_to === null || c.valid_to > period.start) c.valid_to = period.start;
  const { invoice, lineIds } = buildInvoice(ctx, plan, lines, month);
  payByCard(ctx, invoice.id as string, rng);
  const index = lines.findIndex((l) => l.kind === "platform");
  const line = lines[index]!;
  record(ctx, "billed_after_service_end", plan, invoice.id as string, {
    ...(lineIds[index] ? { invoice_line: lineIds[index] } : {}),
    expected: { line: "none" },
    details: { contract_ended: period.start, period_start: line.period.start, amount: lineAmount(line.quantity, line.unit) },
  });
}

/** Billed in EUR (USD for a non-USD customer) at the contract's own figures: the wrong currency, nothing else. */
function wrongCurrency(ctx: ScenarioCtx, plan: CustomerPlan, month: number, period: Period, rng: Rng): void {
  if (plan.lineDiscount || (plan.invoiceDiscount && discountActive(plan.invoiceDiscount, period.start)))
    throw new Error("demo: the wrong-currency invoice needs a customer without discounts");
  const currency: Currency = plan.currency === "usd" ? "eur" : "usd";
  const lines = planLines(plan, rng, period).map((l) => ({ ...l, price: ctx.price(currency, l.kind, l.unit).id as string }));
  const { invoice } = buildInvoice(ctx, { ...plan, currency }, lines, month);
  payByCard(ctx, invoice.id as string, rng);
  record(ctx, "currency_mismatch", plan, invoice.id as string, { expected: { currency: plan.currency }, details: { currency, total: invoice.total } });
}

/**
 * Paid in two instalments: the first now, the second by `payLostInstalment`, which the demo
 * runs once Settle has synced the history, with every event of that payment never delivered
 * (the webhook endpoint was down). Settle keeps the invoice open with the first instalment
 * paid, while Stripe has it paid. (Settle refetches what an event names, so a loss has to happen
 * after Settle's sync to leave Settle behind: a lost event within the generated history is
 * made good by the next delivered event of the same invoice.)
 */
function firstInstalment(ctx: ScenarioCtx, plan: CustomerPlan, month: number, period: Period, rng: Rng): void {
  const { invoice } = buildInvoice(ctx, plan, planLines(plan, rng, period), month);
  const id = invoice.id as string;
  const gran = PROFILES[plan.currency].granularity;
  const due = invoice.amount_due as number;
  const first = Math.floor((due * 2) / 5 / gran) * gran;
  payPart(ctx, id, "pm_card_visa", first);
  record(ctx, "lost_payment_events", plan, id, {
    expected: { status: "paid" },
    details: { first_instalment: first, second_instalment: due - first, events: [] },
  });
}

/**
 * The second instalment of the lost_payment_events invoice, its events never delivered; fills
 * in its manifest entry (charge, payment intent, events). Run after Settle's first sync.
 */
export function payLostInstalment(emulator: Emulator, manifest: ScenarioManifest): void {
  const entry = manifest.injected.find((e) => e.kind === "lost_payment_events");
  if (!entry || entry.charge) return;
  const ctx = new ScenarioCtx(emulator, manifest.seed);
  const before = latestEventId(ctx);
  const second = payPart(ctx, entry.invoice, "pm_card_visa", entry.details.second_instalment as number);
  entry.charge = second.charge.id as string;
  entry.payment_intent = second.payment_intent.id as string;
  entry.details.events = dropEvents(ctx, before, latestEventId(ctx));
}

/** A goodwill refund of 60 %, booked a second time a week later: more refunded than charged. */
function excessRefund(ctx: ScenarioCtx, sched: Scheduler, plan: CustomerPlan, month: number, period: Period, rng: Rng): void {
  const { invoice } = buildInvoice(ctx, plan, planLines(plan, rng, period), month, { draft: true });
  const paid = payByCard(ctx, invoice.id as string, rng);
  const id = invoice.id as string;
  const gran = PROFILES[plan.currency].granularity;
  const amount = paid.amount_paid as number;
  const part = Math.floor((amount * 3) / 5 / gran) * gran;
  const charge = invoicePayment(ctx, id)?.charge;
  if (!charge) throw new Error(`demo: no card payment for ${id}`);
  sched.at(ctx.em.clock.now() + 5 * DAY, () => {
    const first = call(ctx.em, "POST", "/v1/refunds", { charge, amount: part, reason: "requested_by_customer" });
    sched.at(ctx.em.clock.now() + 7 * DAY, () => {
      const again = refundBeyondCharge(ctx, charge, part, "requested_by_customer");
      record(ctx, "excess_refund", plan, id, {
        charge,
        expected: { refunded_at_most: amount },
        details: { charged: amount, refunds: [first.id, again.id], refunded: 2 * part },
      });
    });
  });
}

/** Runs the demo's audit case of a slot; false when the slot has none. */
export function demoAuditCase(
  kind: DemoAuditKind | undefined,
  ctx: ScenarioCtx,
  sched: Scheduler,
  plan: CustomerPlan,
  month: number,
  period: Period,
  rng: Rng,
): boolean {
  switch (kind) {
    case "total_mismatch":
      totalMismatch(ctx, plan, planLines(plan, rng, period), rng);
      return true;
    case "billed_after_service_end":
      billedAfterServiceEnd(ctx, plan, month, period, rng);
      return true;
    case "currency_mismatch":
      wrongCurrency(ctx, plan, month, period, rng);
      return true;
    case "lost_payment_events":
      firstInstalment(ctx, plan, month, period, rng);
      return true;
    case "excess_refund":
      excessRefund(ctx, sched, plan, month, period, rng);
      return true;
    default:
      return false;
  }
}
