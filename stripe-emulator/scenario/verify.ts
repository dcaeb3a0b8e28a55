import type { Emulator } from "../src/emulator";
import { deliverySucceeded } from "../src/resources/events";
import { call, listAll, type Obj } from "./api";
import { lineAmount } from "./lines";
import type { Contract, CustomerDiscount, InjectedError, ScenarioManifest } from "./types";

/**
 * Independent checks of a generated scenario, read back through the public API: Stripe's
 * own invoice invariants, clean invoices against their contracts, and every injected
 * error visible as the manifest says. Each returns a list of human-readable problems
 * (empty = all good) so a failing test prints all of them at once.
 */

export function allInvoices(em: Emulator): Obj[] {
  return [...listAll(em, "/v1/invoices")];
}

export function invoiceLines(em: Emulator, inv: Obj): Obj[] {
  const lines = inv.lines as Obj;
  if (!lines?.has_more) return lines?.data ?? [];
  return [...listAll(em, `/v1/invoices/${inv.id}/lines`)];
}

export function linePrice(line: Obj): string | undefined {
  const p = line.pricing?.price_details?.price ?? line.price?.id ?? line.price;
  return typeof p === "string" ? p : (p?.id as string | undefined);
}

export function lineUnit(line: Obj): string | undefined {
  return (line.pricing?.unit_amount_decimal ?? line.price?.unit_amount_decimal ?? undefined) as string | undefined;
}

/** Coupon ids behind a list of discount ids (or expanded discount objects). */
export function coupons(em: Emulator, discounts: unknown[] | undefined): string[] {
  return (discounts ?? []).map((d) => {
    const o = (typeof d === "string" ? em.store.c.discounts.get(d) : d) as Obj | undefined;
    const c = o?.source?.coupon ?? o?.coupon;
    return (typeof c === "string" ? c : c?.id) as string;
  });
}

const sum = (xs: Obj[] | undefined, f: (o: Obj) => number) => (xs ?? []).reduce((a, o) => a + f(o), 0);

export function checkInvariants(em: Emulator, invoices: Obj[]): string[] {
  const out: string[] = [];
  for (const inv of invoices) {
    const id = inv.id as string;
    if (inv.amount_remaining !== inv.amount_due - inv.amount_paid)
      out.push(`${id}: amount_remaining ${inv.amount_remaining} ≠ ${inv.amount_due} − ${inv.amount_paid}`);
    const taxes = sum(inv.total_taxes, (t) => t.amount);
    if (inv.total_excluding_tax !== inv.total - taxes) out.push(`${id}: total_excluding_tax ${inv.total_excluding_tax} ≠ ${inv.total} − ${taxes}`);
    if (inv.currency === "kwd" && inv.total % 10 !== 0) out.push(`${id}: KWD total ${inv.total} not a multiple of 10`);
    switch (inv.status) {
      case "paid":
        if (inv.amount_remaining !== 0) out.push(`${id}: paid with ${inv.amount_remaining} remaining`);
        break;
      case "open":
      case "uncollectible":
      case "void":
        if (inv.amount_paid !== 0) out.push(`${id}: ${inv.status} but amount_paid ${inv.amount_paid}`);
        break;
      default:
        out.push(`${id}: unexpected status ${inv.status}`);
    }
    if (inv.status !== "paid") {
      const settled = (em.invoicePaymentsList(id).data as Obj[]).filter((p) => p.status === "paid");
      if (settled.length) out.push(`${id}: ${inv.status} but has ${settled.length} successful payment(s)`);
      if (inv.status === "paid" || inv.status_transitions?.paid_at) out.push(`${id}: paid_at set on a ${inv.status} invoice`);
    }
    if (inv.status === "paid" && inv.amount_paid > 0) {
      const pays = em.invoicePaymentsList(id).data as Obj[];
      const paid = sum(
        pays.filter((p) => p.status === "paid"),
        (p) => p.amount_paid ?? 0,
      );
      // No InvoicePayment at all = paid out of band (the API exposes nothing more for it).
      if (paid === 0) continue;
      // A double payment shows as a second InvoicePayment whose excess is amount_overpaid.
      if (paid - (inv.amount_overpaid ?? 0) !== inv.amount_paid)
        out.push(`${id}: invoice payments ${paid} − overpaid ${inv.amount_overpaid} ≠ amount_paid ${inv.amount_paid}`);
    }
  }
  return out;
}

const active = (d: { valid_from: number; valid_to: number } | null | undefined, t: number) => !!d && d.valid_from <= t && t < d.valid_to;

/** Every line of every clean invoice is priced, discounted and computed as the contract says. */
export function checkCleanAgainstContracts(em: Emulator, m: ScenarioManifest, invoices: Obj[]): string[] {
  const out: string[] = [];
  const injected = new Set(m.injected_invoice_ids);
  const byCustomer = new Map<string, Contract[]>();
  for (const c of m.contracts) byCustomer.set(c.customer, [...(byCustomer.get(c.customer) ?? []), c]);
  const invDiscount = new Map<string, CustomerDiscount>(m.customer_discounts.map((d) => [d.customer, d]));
  for (const inv of invoices) {
    if (injected.has(inv.id)) continue;
    // A subscription's own invoice is priced by its subscription, not by a contract.
    if (inv.parent?.type === "subscription_details") continue;
    const id = inv.id as string;
    const contracts = byCustomer.get(inv.customer) ?? [];
    const lines = invoiceLines(em, inv);
    const t = lines[0]?.period?.start as number;
    const wantInv = active(invDiscount.get(inv.customer), t) ? [invDiscount.get(inv.customer)!.coupon] : [];
    const gotInv = coupons(em, inv.discounts);
    if (gotInv.join() !== wantInv.join()) out.push(`${id}: invoice discounts [${gotInv}] ≠ contract [${wantInv}]`);
    for (const l of lines) {
      // A line a subscription item bills (an imported one too) is priced by its subscription, not by a contract.
      if (l.parent?.type === "subscription_item_details") continue;
      const price = linePrice(l);
      const c = contracts.find((x) => x.price === price && x.valid_from <= l.period.start && (x.valid_to === null || l.period.start < x.valid_to));
      if (!c) {
        out.push(`${id}/${l.id}: price ${price} is no contract of ${inv.customer} at ${l.period.start}`);
        continue;
      }
      if (c.currency !== inv.currency) out.push(`${id}: currency ${inv.currency} ≠ contract ${c.currency}`);
      if (lineUnit(l) !== c.unit_amount_decimal) out.push(`${id}/${l.id}: unit ${lineUnit(l)} ≠ contract ${c.unit_amount_decimal}`);
      if (l.amount !== lineAmount(l.quantity, c.unit_amount_decimal)) out.push(`${id}/${l.id}: amount ${l.amount} ≠ ${l.quantity} × ${c.unit_amount_decimal}`);
      if (c.quantity !== undefined && l.quantity !== c.quantity) out.push(`${id}/${l.id}: quantity ${l.quantity} ≠ contract ${c.quantity}`);
      const want = active(c.discount, l.period.start) ? [c.discount!.coupon] : [];
      const got = coupons(em, l.discounts);
      if (got.join() !== want.join()) out.push(`${id}/${l.id}: line discounts [${got}] ≠ contract [${want}]`);
    }
  }
  return out;
}

/** Each injected error is really there, as described. */
export function checkInjected(em: Emulator, m: ScenarioManifest): string[] {
  const out: string[] = [];
  for (const e of m.injected) {
    const inv = call(em, "GET", `/v1/invoices/${e.invoice}`);
    const line = e.invoice_line ? invoiceLines(em, inv).find((l) => l.id === e.invoice_line) : undefined;
    const bad = (msg: string) => out.push(`${e.kind} ${e.invoice}: ${msg}`);
    if (inv.customer !== e.customer) bad(`customer ${inv.customer} ≠ ${e.customer}`);
    switch (e.kind) {
      case "tariff_mismatch":
      case "line_math":
      case "quantity_mismatch":
        if (!line) {
          bad(`line ${e.invoice_line} not found`);
          break;
        }
        if (e.kind === "tariff_mismatch" && (linePrice(line) !== e.details.price || lineUnit(line) === e.expected?.unit_amount_decimal))
          bad(`line not repriced`);
        if (line.amount !== e.details.amount) bad(`line amount ${line.amount} ≠ ${e.details.amount}`);
        if (e.kind === "line_math" && line.amount === lineAmount(line.quantity, String(e.details.unit_amount_decimal))) bad(`line math is right`);
        break;
      case "missing_discount":
        if (e.expected?.scope === "line" ? coupons(em, line?.discounts).length > 0 || !line : coupons(em, inv.discounts).length > 0) bad(`discount present`);
        break;
      case "duplicate_charge":
      case "double_payment":
        checkSecondCharge(em, e, inv, bad);
        break;
      case "total_mismatch":
        // The lines, taxes and discounts add up to expected.total (the audit's invoice_math checks that independently).
        if (!((e.details.added_twice as number) > 0) || inv.total !== e.details.total || inv.total - (e.details.added_twice as number) !== e.expected?.total)
          bad(`total ${inv.total} not as recorded`);
        break;
      case "billed_after_service_end": {
        const c = m.contracts.find((x) => x.customer === e.customer && x.kind === "platform" && x.valid_to !== null);
        if (!line || !c || (line.period.start as number) < c.valid_to!) bad(`line not billed after the contract's end`);
        break;
      }
      case "currency_mismatch":
        if (inv.currency === e.expected?.currency || !m.contracts.some((c) => c.customer === e.customer && c.currency === e.expected?.currency))
          bad(`currency ${inv.currency}`);
        break;
      case "lost_payment_events": {
        const evs = (e.details.events as string[]) ?? [];
        if (evs.length === 0) bad(`no events marked undelivered`);
        for (const ev of evs) if (deliverySucceeded(em, { id: ev })) bad(`event ${ev} not undelivered`);
        const paid = (em.invoicePaymentsList(e.invoice).data as Obj[]).filter((p) => p.status === "paid");
        if (inv.status !== "paid" || paid.length !== 2) bad(`status ${inv.status}, ${paid.length} paid instalments`);
        break;
      }
      case "excess_refund": {
        const ch = call(em, "GET", `/v1/charges/${e.charge}`);
        const refunded = sum([...listAll(em, "/v1/refunds", { charge: e.charge })], (r) => (r.status === "succeeded" ? r.amount : 0));
        if (refunded <= ch.amount || refunded !== e.details.refunded) bad(`refunded ${refunded} of ${ch.amount}`);
        break;
      }
      case "charged_after_subscription_end":
      case "trial_charged":
      case "subscription_quantity_mismatch": {
        const sub = call(em, "GET", `/v1/subscriptions/${e.details.subscription as string}`);
        const item = (sub.items.data as Obj[])[0]!;
        if (!line || line.amount <= 0 || linePrice(line) !== item.price.id) {
          bad(`line not a charge for the subscription's price`);
          break;
        }
        const start = line.period.start as number;
        if (e.kind === "charged_after_subscription_end" && !(sub.ended_at !== null && start >= sub.ended_at)) bad(`line not after the subscription ended`);
        if (e.kind === "trial_charged" && !(sub.trial_start !== null && start >= sub.trial_start && start < sub.trial_end)) bad(`line not inside the trial`);
        if (
          e.kind === "subscription_quantity_mismatch" &&
          (line.quantity === item.quantity || start !== item.current_period_start || line.period.end !== item.current_period_end)
        )
          bad(`line not the item's period at another quantity`);
        break;
      }
      case "proration_credit": {
        // a credit proration naming the subscription's first line, and that line's time credited wrongly
        const credited = line?.parent?.subscription_item_details?.proration_details?.credited_items;
        if (!line || line.amount >= 0 || credited?.invoice_line_items?.[0] !== e.details.credited_line) {
          bad(`line not a credit proration of ${String(e.details.credited_line)}`);
          break;
        }
        if (e.details.variant === "double_credit") {
          const clean = call(em, "GET", `/v1/invoices/${e.details.clean_proration_invoice as string}`);
          const first = invoiceLines(em, clean).find((l) => l.amount < 0);
          const again = first?.parent?.subscription_item_details?.proration_details?.credited_items?.invoice_line_items?.[0] === e.details.credited_line;
          if (!again || first!.period.start > line.period.start) bad(`no earlier credit of the same line's time`);
        } else {
          const charged = invoiceLines(em, call(em, "GET", `/v1/invoices/${e.details.credited_invoice as string}`)).find(
            (l) => l.id === e.details.credited_line,
          );
          const share = ((charged?.amount ?? 0) * (line.period.end - line.period.start)) / ((charged?.period.end ?? 1) - (charged?.period.start ?? 0));
          if (-line.amount <= share + 10) bad(`credit ${-line.amount} not above the line's share ${share}`);
        }
        break;
      }
      case "metered_usage_mismatch": {
        const p = e.details.period as { start: number; end: number };
        const summary = call(em, "GET", `/v1/billing/meters/${e.details.meter as string}/event_summaries`, {
          customer: e.customer,
          start_time: p.start,
          end_time: p.end,
        });
        const usage = (summary.data as Obj[])[0]?.aggregated_value;
        if (!line || usage === undefined || line.quantity === usage || line.period.start !== p.start || line.period.end !== p.end)
          bad(`line does not bill another usage than the meter's ${String(usage)}`);
        break;
      }
      case "dropped_webhooks": {
        const evs = (e.details.events as string[]) ?? [];
        if (evs.length === 0) bad(`no events marked undelivered`);
        // Read from the store: the events list only reaches 30 days back from the clock.
        for (const ev of evs) if (deliverySucceeded(em, { id: ev })) bad(`event ${ev} not undelivered`);
        if (inv.status !== "paid") bad(`status ${inv.status}`);
        break;
      }
    }
  }
  return out;
}

function checkSecondCharge(em: Emulator, e: InjectedError, inv: Obj, bad: (m: string) => void): void {
  const ch = call(em, "GET", `/v1/charges/${e.charge}`);
  const first = call(em, "GET", `/v1/charges/${e.details.first_charge}`);
  if (ch.status !== "succeeded" || first.status !== "succeeded") bad(`charges not both succeeded`);
  if (ch.amount !== first.amount || ch.amount !== inv.amount_paid) bad(`amounts differ ${ch.amount}/${first.amount}/${inv.amount_paid}`);
  if (ch.customer !== e.customer || ch.amount_refunded !== 0) bad(`second charge refunded or foreign`);
  if (e.kind === "duplicate_charge" && ch.created - first.created > 600) bad(`not within minutes`);
  if (e.kind === "double_payment") {
    const pi = call(em, "GET", `/v1/payment_intents/${e.payment_intent}`);
    if (pi.metadata?.invoice !== inv.id) bad(`second payment not linked to the invoice`);
    const pays = call(em, "GET", "/v1/invoice_payments", { invoice: inv.id, limit: 100 }).data as Obj[];
    if (!pays.some((p) => p.payment?.payment_intent === e.payment_intent)) bad(`second payment not an invoice payment`);
    if (inv.amount_overpaid !== ch.amount) bad(`amount_overpaid ${inv.amount_overpaid} ≠ ${ch.amount}`);
  }
}
