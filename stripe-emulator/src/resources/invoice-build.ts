// Building invoices: the invoice object, lines from invoice items, discounts, and the
// recomputation of every money field from src/invoice-math.ts while the invoice is a draft.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { computeInvoice, type CouponIn, type LineIn, type LineOut, type TaxIn } from "../invoice-math";
import { exponent } from "../money";
import type { Obj } from "../store";

export const LINES_EMBEDDED = 10;

/** Creates a Discount object (di_) for a coupon applied to an invoice or an invoice item. */
export function makeDiscount(
  em: Emulator,
  couponId: string,
  where: { customer: string; currency: string; invoice?: string | null; invoice_item?: string | null },
  param: string,
): Obj {
  const coupon = em.get("coupons", couponId, "coupon", param);
  if (!coupon.valid) throw invalid(`Coupon ${couponId} is no longer valid.`, param, "coupon_expired");
  if (coupon.amount_off !== null && coupon.currency !== where.currency)
    throw invalid(`The coupon currency (${coupon.currency}) must match the invoice currency (${where.currency}).`, param);
  coupon.times_redeemed++;
  const d: Obj = {
    id: em.newId("di"),
    object: "discount",
    checkout_session: null,
    customer: where.customer,
    customer_account: null,
    end: null,
    invoice: where.invoice ?? null,
    invoice_item: where.invoice_item ?? null,
    promotion_code: null,
    source: { coupon: couponId, type: "coupon" },
    start: em.clock.now(),
    subscription: null,
    subscription_item: null,
  };
  return em.store.c.discounts.insert(d);
}

/** Parses `discounts: [{coupon}|{discount}]` into Discount ids. */
export function discountsParam(em: Emulator, raw: unknown, where: Parameters<typeof makeDiscount>[2], param = "discounts"): string[] {
  if (raw === undefined || raw === "" || raw === null) return [];
  const list = Array.isArray(raw) ? raw : typeof raw === "object" ? Object.values(raw as Obj) : [raw];
  return list.map((d: any, i) => {
    if (typeof d === "string") return makeDiscount(em, d, where, `${param}[${i}]`).id;
    if (d?.discount) return em.get("discounts", String(d.discount), "discount", `${param}[${i}][discount]`).id;
    if (d?.coupon) return makeDiscount(em, String(d.coupon), where, `${param}[${i}][coupon]`).id;
    throw invalid("Each discount needs a coupon or a discount.", `${param}[${i}]`);
  });
}

export function taxRatesParam(em: Emulator, raw: unknown, param: string): Obj[] {
  if (raw === undefined || raw === null) return [];
  if (raw === "") return [];
  const list = Array.isArray(raw) ? raw : typeof raw === "object" ? Object.values(raw as Obj) : [raw];
  const rates = list.map((id, i) => em.get("tax_rates", String(id), "tax rate", `${param}[${i}]`));
  // Stripe rejects mixing behaviours on one line: an exclusive rate would otherwise tax the inclusive tax
  if (rates.some((r) => r.inclusive) && rates.some((r) => !r.inclusive))
    throw invalid("Tax rates applied together must be all inclusive or all exclusive.", param);
  return rates;
}

function couponIn(em: Emulator, discountId: string): CouponIn {
  const d = em.store.c.discounts.get(discountId)!;
  const c = em.store.c.coupons.get(d.source.coupon) ?? em.store.meta.get("deleted_coupon:" + d.source.coupon);
  const pct: string | undefined = em.store.meta.get("coupon:" + d.source.coupon)?.percent_off;
  return { discount: discountId, percentOff: pct ?? null, amountOff: c?.amount_off != null ? BigInt(c.amount_off) : null };
}

function taxIn(em: Emulator, rate: Obj, stripeTax: StripeTaxContext | null): TaxIn {
  const t: TaxIn = { rate: rate.id, percentage: em.store.meta.get(rate.id)?.percentage ?? String(rate.percentage), inclusive: rate.inclusive };
  return stripeTax ? { ...t, ...stripeTaxability(em, rate, stripeTax) } : t;
}

/** The countries the account registered for Stripe Tax (POST /v1/tax/registrations). */
export function taxRegistrations(em: Emulator): Set<string> {
  let s = em.store.meta.get("tax_registrations") as Set<string> | undefined;
  if (!s) em.store.meta.set("tax_registrations", (s = new Set<string>()));
  return s;
}

type StripeTaxContext = { taxExempt: string };

/**
 * Stripe Tax on an invoice with automatic_tax enabled. The emulator has no tax engine: the rates
 * on the line (or the invoice's defaults) stand for the jurisdiction's rates Stripe Tax would
 * apply, and each entry gets the taxability_reason real Stripe writes: customer_exempt (tax_exempt
 * "exempt": nothing taxed, taxable_amount 0), reverse_charge (tax_exempt "reverse": no tax, the
 * whole line reported taxable), not_collecting (no registration in the rate's country: amount 0,
 * taxable_amount 0, as in recorded Stripe invoices), else standard_rated.
 *
 * What Stripe says, and where the taxable amounts come from:
 * - API reference, `taxes[].taxable_amount`: "The amount on which tax is calculated".
 * - docs.stripe.com/tax/zero-tax ("Zero tax amounts and reverse charges"): reverse charge — "the
 *   buyer must calculate and remit the tax ... the seller's invoice specifies that the transaction
 *   is subject to reverse charge and doesn't include tax in the total amount"; exempt customers —
 *   "can make tax-exempt purchases". For both: "For transactions with inclusive tax behavior, the
 *   [reverse charge | customer exemption] doesn't affect the total amount paid by the customer. A
 *   tax-inclusive price remains unchanged ... If no tax applies, the tax-inclusive price is the unit
 *   price" — so an inclusive line keeps its amount and nothing is netted out of it.
 * - Stripe's Tax Calculation API examples (tax_breakdown): a sale taxed at a 0 % rate
 *   (`zero_rated`) reports the whole amount as taxable_amount (300 of a 300 shipping cost); a sale
 *   outside the tax (`not_subject_to_tax`) reports taxable_amount 0.
 * Stripe states neither figure for customer_exempt or reverse_charge on an invoice, and no public
 * recorded invoice carries them (features/billing-math/conformance/README.md). The emulator reads
 * a reverse charge like the zero-rated case (the sale is taxable; the buyer accounts for the tax,
 * so the whole line is the amount on which it is calculated) and an exempt customer like the
 * not-subject case (no tax is calculated on anything: 0). Settle's billing math does not depend on
 * this reading: a not-collected entry is checked on the taxable_amount Stripe reports.
 */
function stripeTaxability(em: Emulator, rate: Obj, ctx: StripeTaxContext): Pick<TaxIn, "reason" | "collect" | "reportTaxable"> {
  if (ctx.taxExempt === "exempt") return { reason: "customer_exempt", collect: "none" };
  if (ctx.taxExempt === "reverse") return { reason: "reverse_charge", collect: "none", reportTaxable: true };
  const country = typeof rate.country === "string" ? rate.country.toUpperCase() : null;
  if (!country || !taxRegistrations(em).has(country)) return { reason: "not_collecting", collect: "none" };
  return { reason: "standard_rated", collect: "all" };
}

export function invoiceLines(em: Emulator, invoiceId: string): Obj[] {
  let l = em.store.lines.get(invoiceId);
  if (!l) em.store.lines.set(invoiceId, (l = []));
  return l;
}

/**
 * Keeps the embedded `lines` list (first 10, has_more) in step with the full list. Always a
 * new list object: call it after any change to a line (the emulator caches the JSON of a
 * list object, see Emulator.toJSONText).
 */
export function syncLines(em: Emulator, o: Obj): void {
  const all = em.store.lines.get(o.id) ?? [];
  const url = o.object === "credit_note" ? `/v1/credit_notes/${o.id}/lines` : `/v1/invoices/${o.id}/lines`;
  o.lines = { object: "list", data: all.slice(0, LINES_EMBEDDED), has_more: all.length > LINES_EMBEDDED, url };
}

/**
 * Recomputes lines and totals of a draft invoice (finalized invoices are frozen).
 * `keepUnchangedLines` (finalization): lines whose money is unchanged are left as they are and,
 * if none changed, so is the embedded list object, whose JSON the emulator has then usually
 * cached already. Only valid where no line was edited since the last syncLines().
 */
export function recompute(em: Emulator, inv: Obj, opts: { keepUnchangedLines?: boolean } = {}): void {
  const keep = opts.keepUnchangedLines === true;
  const lines = invoiceLines(em, inv.id);
  const stripeTax: StripeTaxContext | null = inv.automatic_tax?.enabled
    ? { taxExempt: em.store.c.customers.get(inv.customer)?.tax_exempt ?? inv.customer_tax_exempt ?? "none" }
    : null;
  const inputs: LineIn[] = lines.map((l) => {
    const m = em.store.meta.get(l.id) ?? {};
    const rates: Obj[] = m.taxRates?.length ? m.taxRates.map((id: string) => em.store.c.tax_rates.get(id)!) : inv.default_tax_rates;
    return {
      amount: m.fixed != null ? BigInt(m.fixed) : undefined,
      quantity: m.qty ?? "1",
      unitAmountDecimal: m.unit ?? "0",
      discountable: l.discountable,
      coupons: (l.discounts as string[]).map((d) => couponIn(em, d)),
      taxes: rates.map((r) => taxIn(em, r, stripeTax)),
    };
  });
  const t = computeInvoice(
    inv.currency,
    inputs,
    (inv.discounts as string[]).map((d) => couponIn(em, d)),
  );
  const behavior = (inclusive: boolean) => (inclusive ? "inclusive" : "exclusive");
  let changed = false;
  lines.forEach((l, i) => {
    const o = t.lines[i];
    if (keep && sameMoney(l, o)) return;
    changed = true;
    l.amount = Number(o.amount);
    l.subtotal = Number(o.amount);
    l.discount_amounts = o.discounts.map((d) => ({ amount: Number(d.amount), discount: d.discount }));
    l.pretax_credit_amounts = pretaxCredits(l.discount_amounts);
    l.taxes = o.taxes.map((x) => ({
      amount: Number(x.amount),
      tax_behavior: behavior(x.inclusive),
      tax_rate_details: { tax_rate: x.rate },
      taxability_reason: x.reason,
      taxable_amount: Number(x.taxable),
      type: "tax_rate_details",
    }));
    const itemId = lineInvoiceItem(l);
    const item = itemId ? em.store.c.invoiceitems.get(itemId) : undefined;
    if (item) {
      item.amount = l.amount;
      item.net_amount = l.amount - o.discounts.reduce((a, d) => a + Number(d.amount), 0);
    }
  });
  inv.subtotal = Number(t.subtotal);
  inv.subtotal_excluding_tax = Number(t.subtotalExcludingTax);
  inv.total_discount_amounts = t.discounts.map((d) => ({ amount: Number(d.amount), discount: d.discount }));
  inv.total_pretax_credit_amounts = totalPretaxCredits(lines);
  inv.total_taxes = t.taxes.map((x) => ({
    amount: Number(x.amount),
    tax_behavior: behavior(x.inclusive),
    tax_rate_details: { tax_rate: x.rate },
    taxability_reason: x.reason,
    taxable_amount: Number(x.taxable),
    type: "tax_rate_details",
  }));
  inv.total = Number(t.total);
  inv.total_excluding_tax = Number(t.totalExcludingTax);
  inv.amount_due = Math.max(0, inv.total + inv.starting_balance);
  inv.amount_remaining = inv.amount_due - inv.amount_paid;
  if (!keep || changed || !embedsFirstLines(inv, lines)) syncLines(em, inv);
}

/**
 * `pretax_credit_amounts` of a line or credit note: what reduced the amount before tax. Only
 * discounts here (the emulator has no credit grants), one entry per discount amount.
 */
export function pretaxCredits(discountAmounts: { amount: number; discount: unknown }[]): Obj[] {
  return discountAmounts.map((d) => ({ amount: d.amount, discount: d.discount, type: "discount" }));
}

/** An invoice's `total_pretax_credit_amounts`: its lines' pretax credits summed per discount. */
function totalPretaxCredits(lines: Obj[]): Obj[] {
  const byDiscount = new Map<string, Obj>();
  for (const l of lines) {
    for (const c of l.pretax_credit_amounts as Obj[]) {
      const key = String(c.discount);
      const seen = byDiscount.get(key);
      if (seen) seen.amount += c.amount;
      else byDiscount.set(key, { ...c });
    }
  }
  return [...byDiscount.values()];
}

/** The money recompute() would write on a line is already there (same values, same order). */
function sameMoney(l: Obj, o: LineOut): boolean {
  if (l.amount !== Number(o.amount) || l.subtotal !== Number(o.amount)) return false;
  const da = l.discount_amounts as Obj[];
  if (da.length !== o.discounts.length) return false;
  for (let k = 0; k < da.length; k++) if (da[k].amount !== Number(o.discounts[k].amount) || da[k].discount !== o.discounts[k].discount) return false;
  const tx = l.taxes as Obj[];
  if (tx.length !== o.taxes.length) return false;
  for (let k = 0; k < tx.length; k++) {
    const a = tx[k],
      b = o.taxes[k];
    if (
      a.amount !== Number(b.amount) ||
      a.taxable_amount !== Number(b.taxable) ||
      a.tax_rate_details?.tax_rate !== b.rate ||
      a.tax_behavior !== (b.inclusive ? "inclusive" : "exclusive") ||
      a.taxability_reason !== b.reason
    )
      return false;
  }
  return true;
}

/** The embedded list is the first lines of the full list, in order (what syncLines would make). */
function embedsFirstLines(o: Obj, all: Obj[]): boolean {
  const e = o.lines;
  if (!e || !Array.isArray(e.data)) return false;
  const n = Math.min(all.length, LINES_EMBEDDED);
  if (e.data.length !== n || e.has_more !== all.length > LINES_EMBEDDED) return false;
  for (let k = 0; k < n; k++) if (e.data[k] !== all[k]) return false;
  return true;
}

/** The invoice item a line comes from (an invoice item line, or a subscription proration line). */
export function lineInvoiceItem(l: Obj): string | undefined {
  return l.parent?.invoice_item_details?.invoice_item ?? l.parent?.subscription_item_details?.invoice_item ?? undefined;
}

/** A line_item for an invoice item (its money fields are filled by recompute). */
export function lineFromItem(em: Emulator, inv: Obj, item: Obj): Obj {
  const im = em.store.meta.get(item.id) ?? {};
  const id = em.newId("il");
  // Once a debit proration is invoiced, it is what a later change of the same item credits: in
  // real Stripe data (conformance corpus, secrag--*: two plan swaps 49 s apart, each invoiced at
  // once) the second swap's credit names the first swap's +20.00 debit line in
  // proration_details.credited_items, not the period's original line. A preview changes nothing.
  if (item.proration === true && item.parent?.type === "subscription_details" && Number(item.amount) > 0 && !String(inv.id).startsWith("upcoming_"))
    em.store.meta.set("si_charged:" + item.parent.subscription_details.subscription_item, { invoice: inv.id, line: id });
  const line: Obj = {
    id,
    object: "line_item",
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: item.discounts,
    invoice: inv.id,
    livemode: em.livemode,
    metadata: item.metadata,
    // An item a subscription made (a proration) becomes a subscription item line, as in Stripe.
    parent:
      item.parent?.type === "subscription_details"
        ? {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: item.id,
              proration: item.proration === true,
              proration_details: { credited_items: im.credited ?? null },
              subscription: item.parent.subscription_details.subscription,
              subscription_item: item.parent.subscription_details.subscription_item,
            },
            type: "subscription_item_details",
          }
        : {
            invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null },
            subscription_item_details: null,
            type: "invoice_item_details",
          },
    period: item.period,
    pretax_credit_amounts: [],
    pricing: item.pricing,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: item.parent?.subscription_details?.subscription ?? null,
    subtotal: item.amount,
    taxes: [],
  };
  em.store.meta.set(id, { unit: im.unit, qty: im.qty, fixed: im.fixed, taxRates: (item.tax_rates as Obj[]).map((t) => t.id) });
  invoiceLines(em, inv.id).push(line);
  return line;
}

export function checkAmountForCurrency(amount: number, currency: string, param: string): void {
  if (exponent(currency) === 3 && amount % 10 !== 0)
    throw invalid(`Amounts in ${currency.toUpperCase()} must be a multiple of 10 (three-decimal currency).`, param, "invalid_amount");
}
