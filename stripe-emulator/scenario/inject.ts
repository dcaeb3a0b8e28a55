import { call, type Obj } from "./api";
import { mismatchedUnit, PROFILES } from "./catalog";
import { attachPayment, dropEvents, type ImportLine, importInvoice, invoicePayment, latestEventId } from "./compat";
import { type CustomerPlan, discountActive, monthStart, type ScenarioCtx } from "./context";
import { buildInvoice } from "./invoices";
import { lineAmount, type LineSpec } from "./lines";
import { payByCard } from "./outcomes";
import type { Rng } from "./rng";
import type { Scheduler } from "./scheduler";
import { INJECTED_KINDS, type InjectedError, type InjectedKind } from "./types";

/** Share of invoices per error kind. */
export const INJECTION_RATE = 0.01;

/**
 * Chooses which invoice slots (month × customers + customer) carry which error, before any
 * invoice exists: exact counts (round(N × rate), at least one of each kind in scenarios of
 * 30+ invoices), at most one error per slot, and `missing_discount` only where a contracted
 * discount is in force. Uses its own random stream so it is stable under other changes.
 */
export function planInjections(
  ctx: ScenarioCtx,
  plans: CustomerPlan[],
  months: number,
  start: number,
  total: number,
  reserved: Set<number>,
): Map<number, InjectedKind> {
  const out = new Map<number, InjectedKind>();
  if (total < 30) return out;
  const rng = ctx.rng("inject");
  const C = plans.length;
  const per = Math.max(1, Math.round(total * INJECTION_RATE));
  // missing_discount first: it has the smallest pool.
  const order: InjectedKind[] = ["missing_discount", ...INJECTED_KINDS.filter((k) => k !== "missing_discount")];
  for (const kind of order) {
    const pool: number[] = [];
    for (let s = 0; s < total; s++) {
      if (out.has(s) || reserved.has(s)) continue;
      if (kind === "missing_discount") {
        const p = plans[s % C]!;
        const t = monthStart(start, Math.floor(s / C));
        if (!discountActive(p.lineDiscount?.discount, t) && !discountActive(p.invoiceDiscount, t)) continue;
      }
      pool.push(s);
    }
    for (const i of rng.sample(pool.length, per)) out.set(pool[i]!, kind);
  }
  void months;
  return out;
}

/** The lines of an invoice imported from another billing system, each with the amount it billed. */
export function importLines(lines: LineSpec[], amount: (l: LineSpec, i: number) => number): ImportLine[] {
  return lines.map((l, i) => ({
    price: l.price,
    description: l.description,
    quantity: l.quantity,
    unit_amount_decimal: l.unit,
    amount: amount(l, i),
    period: l.period,
    ...(l.coupon ? { discounts: [{ coupon: l.coupon }] } : {}),
  }));
}

/**
 * Imports an invoice with the plan's taxes and contracted invoice discount (`totalAdjustment`:
 * its total off by that much, see the emulator's importInvoice), pays it by card and returns
 * it, with its lines, as Stripe then shows it.
 */
export function importAndPay(ctx: ScenarioCtx, plan: CustomerPlan, items: ImportLine[], rng: Rng, totalAdjustment = 0): { invoice: Obj; full: Obj } {
  const t = items[0]!.period.start;
  const inv = importInvoice(ctx, {
    customer: plan.id,
    currency: plan.currency,
    collection_method: "charge_automatically",
    ...(plan.taxRate ? { default_tax_rates: [plan.taxRate] } : {}),
    ...(plan.invoiceDiscount && discountActive(plan.invoiceDiscount, t) ? { discounts: [{ coupon: plan.invoiceDiscount.coupon }] } : {}),
    description: `Imported invoice ${new Date(t * 1000).toISOString().slice(0, 7)}`,
    lines: items,
    ...(totalAdjustment ? { total_adjustment: totalAdjustment } : {}),
  });
  ctx.invoiceCount++;
  const invoice = inv.status === "draft" ? call(ctx.em, "POST", `/v1/invoices/${inv.id}/finalize`, {}) : inv;
  if (invoice.status === "open") payByCard(ctx, invoice.id as string, rng);
  return { invoice, full: call(ctx.em, "GET", `/v1/invoices/${invoice.id}`) };
}

/** Creates the invoice of an injected slot with its error, and records it in the manifest. */
export function runInjected(ctx: ScenarioCtx, sched: Scheduler, kind: InjectedKind, plan: CustomerPlan, lines: LineSpec[], month: number, rng: Rng): void {
  const rec = (inv: Obj, extra: Omit<InjectedError, "kind" | "customer" | "invoice">) => {
    ctx.injected.push({ kind, customer: plan.id, invoice: inv.id as string, ...extra });
    ctx.count(`injected_${kind}`);
  };
  const t = lines[0]!.period.start;
  switch (kind) {
    case "tariff_mismatch": {
      const index = rng.int(0, 1); // seats or platform: always among the first 10 lines
      const l = lines[index]!;
      const unit = mismatchedUnit(l.unit, plan.currency);
      const price = ctx.price(plan.currency, l.kind, unit);
      const { invoice, lineIds } = buildInvoice(ctx, plan, lines, month, { override: { index, price: price.id as string } });
      payByCard(ctx, invoice.id as string, rng);
      rec(invoice, {
        invoice_line: lineIds[index],
        expected: { price: l.price, unit_amount_decimal: l.unit, amount: lineAmount(l.quantity, l.unit) },
        details: {
          price: price.id,
          unit_amount_decimal: String(price.unit_amount_decimal ?? unit),
          amount: lineAmount(l.quantity, unit),
          quantity: l.quantity,
          line_kind: l.kind,
        },
      });
      return;
    }
    case "missing_discount": {
      const lineIdx = lines.findIndex((l) => l.coupon);
      const scope: "line" | "invoice" = lineIdx >= 0 ? "line" : "invoice";
      const d = scope === "line" ? plan.lineDiscount!.discount : plan.invoiceDiscount!;
      const { invoice, lineIds } = buildInvoice(ctx, plan, lines, month, { drop: scope });
      payByCard(ctx, invoice.id as string, rng);
      rec(invoice, {
        ...(scope === "line" ? { invoice_line: lineIds[lineIdx] } : {}),
        expected: { coupon: d.coupon, scope, ...(d.percent_off ? { percent_off: d.percent_off } : { amount_off: d.amount_off }) },
        details: { period_start: t, discount_valid_from: d.valid_from, discount_valid_to: d.valid_to },
      });
      return;
    }
    case "line_math": {
      const index = rng.int(0, Math.min(lines.length, 10) - 1);
      const gran = PROFILES[plan.currency].granularity;
      const items = importLines(lines, (l, i) => {
        const exact = lineAmount(l.quantity, l.unit);
        // Off by a visible amount: 3–15 % of the line, at least one chargeable unit.
        return exact + (i === index ? Math.max(gran, Math.floor((exact * rng.int(3, 15)) / 100 / gran) * gran) : 0);
      });
      const { invoice, full } = importAndPay(ctx, plan, items, rng);
      const it = items[index]!;
      rec(invoice, {
        invoice_line: (full.lines?.data as Obj[] | undefined)?.[index]?.id as string | undefined,
        expected: { amount: lineAmount(it.quantity, it.unit_amount_decimal) },
        details: { amount: it.amount, quantity: it.quantity, unit_amount_decimal: it.unit_amount_decimal, imported: true },
      });
      return;
    }
    default: {
      // duplicate_charge, double_payment and dropped_webhooks start from a clean, card-paid invoice.
      const { invoice } = buildInvoice(ctx, plan, lines, month);
      const before = kind === "dropped_webhooks" ? latestEventId(ctx) : "";
      const paid = payByCard(ctx, invoice.id as string, rng);
      const first = invoicePayment(ctx, invoice.id as string);
      if (!first) throw new Error(`no card payment for ${invoice.id}`);
      const amount = paid.amount_paid as number;
      if (kind === "dropped_webhooks") {
        // Every event the payment emitted (invoice.paid, charge.succeeded, …) is never delivered.
        const events = dropEvents(ctx, before, latestEventId(ctx));
        rec(paid, { ...first, details: { events, amount } });
        return;
      }
      const delay = kind === "duplicate_charge" ? rng.int(60, 600) : rng.int(1, 3) * 86_400;
      sched.at(ctx.em.clock.now() + delay, () => {
        const pi = call(ctx.em, "POST", "/v1/payment_intents", {
          amount,
          currency: plan.currency,
          customer: plan.id,
          payment_method: "pm_card_visa",
          confirm: true,
          // A double payment names its invoice (the customer paid the same bill again);
          // a duplicate charge is the same amount charged again with no link at all.
          description: kind === "double_payment" ? `Payment for invoice ${paid.number}` : (paid.description as string),
          ...(kind === "double_payment" ? { metadata: { invoice: invoice.id } } : {}),
        });
        const charge = (typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id) as string;
        if (kind === "double_payment") attachPayment(ctx, invoice.id as string, pi.id as string, amount);
        rec(paid, {
          charge,
          payment_intent: pi.id as string,
          expected: { charges: 1, amount_paid: amount },
          details: { first_payment_intent: first.payment_intent, first_charge: first.charge, amount, currency: plan.currency, seconds_after_first: delay },
        });
      });
    }
  }
}
