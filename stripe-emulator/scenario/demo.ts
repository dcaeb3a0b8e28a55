import type { Emulator } from "../src/emulator";
import { generateScenario } from "./generate";
import { buildInvoice } from "./invoices";
import { lineAmount, planLines } from "./lines";
import { monthStart } from "./context";
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
 * refunds, chargebacks and credit notes, one of each injected error, and alice's
 * over-billed seats invoice (`highlights.alice_overbilled_invoice`), paid by card.
 */
export function seedDemoScenario(emulator: Emulator, opts: { deliverWebhooks?: boolean } = {}): ScenarioManifest {
  const overbilledSlot = ALICE_MONTH * CUSTOMERS;
  return generateScenario(
    emulator,
    { seed: DEMO_SEED, customers: CUSTOMERS, months: MONTHS, deliverWebhooks: opts.deliverWebhooks ?? false },
    {
      fixedCustomers: [
        { email: "alice@example.com", name: "Alice Anders (Acme Labs)", currency: "usd", seats: 10, contractedSeats: 10 },
        { email: "bob@example.com", name: "Bob Brandt (Brandt GmbH)", currency: "eur" },
        { email: "carol@example.com", name: "Carol Chen (Chen KK)", currency: "jpy" },
        { email: "dave@example.com", name: "Dave Dashti (Dashti Trading)", currency: "kwd" },
      ],
      reserved: new Set([overbilledSlot]),
      special: (ctx, plan, month, slot) => {
        if (slot !== overbilledSlot) return false;
        const period = { start: monthStart(ctx.em.clock.now(), 0), end: monthStart(ctx.em.clock.now(), 1) };
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
