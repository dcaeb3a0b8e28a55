import type { Emulator } from "../src/emulator";
import { generateScenario } from "./generate";
import { buildInvoice } from "./invoices";
import { lineAmount, planLines } from "./lines";
import { closeDispute, invoicePayment, openDispute } from "./compat";
import { type CustomerPlan, monthStart, type ScenarioCtx } from "./context";
import { payByCard } from "./outcomes";
import type { Scheduler } from "./scheduler";
import { aliceItemized, aliceTopUps } from "./demo-alice";
import { demoAuditCase, type DemoAuditKind } from "./demo-audit";
import { runInjected } from "./inject";
import { Rng } from "./rng";
import type { ScenarioManifest } from "./types";

export const DEMO_SEED = 20260101;
const CUSTOMERS = 12;
const MONTHS = 6;
/** Alice's third monthly invoice bills 12 seats against a contract for 10. */
const ALICE_MONTH = 2;

/**
 * The modest fixed scenario of the demo and the e2e tests: 12 customers × 6 months, with
 * alice (USD), bob (EUR), carol (JPY) and dave (KWD) first, the usual mix of payments,
 * refunds and credit notes, one of each injected error, alice's over-billed seats invoice
 * (`highlights.alice_overbilled_invoice`, paid by card), and two chargebacks: bob's lost and
 * carol's won (`highlights.dispute_lost` / `dispute_won` and their invoices). Alice also has
 * more than a page of invoices, a declined then recovered payment, a credit note, a 40+ line
 * invoice with two tax rates and two discounts left open, and a declined invoice left open
 * (see demo-alice.ts).
 */
/** Dave's fourth invoice is charged twice (the duplicate the billing audit finds on its own). */
const DAVE_DUPLICATE = 3 * CUSTOMERS + 3;
/** Bob's and carol's second invoices are charged back: bob loses, carol wins. */
/**
 * The demo's own billing errors, one for each audit rule the random injections do not reach
 * (see demo-audit.ts), on slots of unnamed customers the random plan leaves clean: customer 5
 * (USD, no discounts) billed in EUR and refunded twice, customer 8's instalments, customer 9's
 * imported invoice, customer 4's platform fee after its contract ended (his last month).
 */
const AUDIT_CASES = new Map<number, DemoAuditKind>([
  [1 * CUSTOMERS + 5, "currency_mismatch"],
  [3 * CUSTOMERS + 5, "excess_refund"],
  [3 * CUSTOMERS + 8, "lost_payment_events"],
  [4 * CUSTOMERS + 9, "total_mismatch"],
  [(MONTHS - 1) * CUSTOMERS + 4, "billed_after_service_end"],
]);
const DISPUTED = [
  { slot: 1 * CUSTOMERS + 1, outcome: "lost" as const },
  { slot: 1 * CUSTOMERS + 2, outcome: "won" as const },
];

function chargeback(ctx: ScenarioCtx, sched: Scheduler, plan: CustomerPlan, month: number, outcome: "won" | "lost"): void {
  const now = ctx.em.clock.now();
  const period = { start: monthStart(now, 0), end: monthStart(now, 1) };
  const { invoice } = buildInvoice(ctx, plan, planLines(plan, Rng.fork(DEMO_SEED, `dispute:${plan.id}`), period), month, { draft: true });
  const paid = payByCard(ctx, invoice.id as string, Rng.fork(DEMO_SEED, "card"));
  sched.at(now + 10 * 86_400, () => {
    const p = invoicePayment(ctx, invoice.id as string);
    if (!p) throw new Error(`demo: no payment for ${invoice.id}`);
    const d = openDispute(ctx, p.charge, paid.amount_paid as number, outcome === "lost" ? "product_not_received" : "fraudulent");
    ctx.count("disputes");
    sched.at(ctx.em.clock.now() + 21 * 86_400, () => {
      closeDispute(ctx, d.id as string, outcome);
      ctx.count(`disputes_${outcome}`);
      ctx.highlights[`dispute_${outcome}`] = d.id as string;
      ctx.highlights[`dispute_${outcome}_invoice`] = invoice.id as string;
    });
  });
}

/**
 * `start` (unix seconds, a month's first instant) moves the whole history in time; the default
 * is the deterministic start the tests rely on. The demo starts it months before today.
 */
export function seedDemoScenario(emulator: Emulator, opts: { deliverWebhooks?: boolean; start?: number } = {}): ScenarioManifest {
  const overbilledSlot = ALICE_MONTH * CUSTOMERS;
  return generateScenario(
    emulator,
    {
      seed: DEMO_SEED,
      customers: CUSTOMERS,
      months: MONTHS,
      // one subscription history with each subscription mistake (subscription-errors.ts), on generated customers
      subscriptionErrors: 1,
      deliverWebhooks: opts.deliverWebhooks ?? false,
      ...(opts.start !== undefined ? { start: opts.start } : {}),
    },
    {
      fixedCustomers: [
        {
          email: "alice@example.com",
          name: "Alice Anders (Acme Labs)",
          currency: "usd",
          seats: 10,
          contractedSeats: 10,
          tax: "us_ny",
          discountsPct: { seats: 10, invoice: 5 },
        },
        { email: "bob@example.com", name: "Bob Brandt (Brandt GmbH)", currency: "eur" },
        { email: "carol@example.com", name: "Carol Chen (Chen KK)", currency: "jpy" },
        { email: "dave@example.com", name: "Dave Dashti (Dashti Trading)", currency: "kwd" },
      ],
      // Alice's slots stay clean (her history is hand-placed; see demo-alice.ts).
      reserved: new Set([...Array.from({ length: MONTHS }, (_, m) => m * CUSTOMERS), ...DISPUTED.map((d) => d.slot), DAVE_DUPLICATE]),
      special: (ctx, plan, month, slot, sched) => {
        const period = { start: monthStart(ctx.em.clock.now(), 0), end: monthStart(ctx.em.clock.now(), 1) };
        if (slot % CUSTOMERS === 0) {
          aliceTopUps(ctx, plan, month, MONTHS, sched, DEMO_SEED);
          if (month === MONTHS - 1) {
            aliceItemized(ctx, plan, month, DEMO_SEED);
            return true;
          }
        }
        if (slot === DAVE_DUPLICATE) {
          const rng = Rng.fork(DEMO_SEED, "dave:duplicate");
          runInjected(ctx, sched, "duplicate_charge", plan, planLines(plan, rng, period), month, rng);
          return true;
        }
        if (demoAuditCase(AUDIT_CASES.get(slot), ctx, sched, plan, month, period, Rng.fork(DEMO_SEED, `audit:${slot}`))) return true;
        const disputed = DISPUTED.find((d) => d.slot === slot);
        if (disputed) {
          chargeback(ctx, sched, plan, month, disputed.outcome);
          return true;
        }
        if (slot !== overbilledSlot) return false;
        const rng = Rng.fork(DEMO_SEED, "alice");
        const lines = planLines(plan, rng, period);
        const seats = lines[0]!;
        const contracted = seats.quantity;
        seats.quantity = contracted + 2;
        seats.description = seats.description.replace(/× \d+/, `× ${seats.quantity}`);
        const { invoice, lineIds } = buildInvoice(ctx, plan, lines, month);
        const paid = ctx.em.api("POST", `/v1/invoices/${invoice.id}/pay`, { payment_method: "pm_card_visa" });
        if (paid.status !== 200) throw new Error(`demo: paying alice's invoice failed: ${JSON.stringify(paid.body)}`);
        ctx.highlights.alice_overbilled_invoice = invoice.id as string;
        ctx.highlights.alice_overbilled_line = lineIds[0] ?? "";
        ctx.injected.push({
          kind: "quantity_mismatch",
          customer: plan.id,
          invoice: invoice.id as string,
          ...(lineIds[0] ? { invoice_line: lineIds[0] } : {}),
          expected: { quantity: contracted, amount: lineAmount(contracted, seats.unit) },
          details: { quantity: seats.quantity, unit_amount_decimal: seats.unit, amount: lineAmount(seats.quantity, seats.unit) },
        });
        ctx.count("injected_quantity_mismatch");
        return true;
      },
    },
  );
}
