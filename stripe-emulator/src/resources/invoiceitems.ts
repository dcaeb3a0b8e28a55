// Invoice items: pending charges for a customer, pulled into a draft invoice.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { lineAmount } from "../invoice-math";
import { parseDecimal, ratToDecimalString } from "../money";
import { andFilters, createdFilter, listCollection } from "../list";
import { bool, int, metadata, obj, str, type Params } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { priceLineAmount, type PriceShape } from "../price-math";
import { checkAmountForCurrency, discountsParam, lineFromItem, lineInvoiceItem, recompute, taxRatesParam } from "./invoice-build";
import { storedTiers } from "./price-tiers";

export function registerInvoiceItems(r: Router): void {
  r.add("POST", "/v1/invoiceitems", ({ em, p }) => createInvoiceItem(em, p));
  r.add("GET", "/v1/invoiceitems/:id", ({ em, path }) => em.get("invoiceitems", path.id, "invoiceitem"));
  r.add("POST", "/v1/invoiceitems/:id", ({ em, p, path }) => {
    const item = em.get("invoiceitems", path.id, "invoiceitem");
    const inv = item.invoice ? em.store.c.invoices.get(item.invoice) : undefined;
    if (inv && inv.status !== "draft") throw invalid("Invoice items on a finalized invoice cannot be updated.", undefined, "invoice_not_editable");
    if (p.description !== undefined) item.description = str(p, "description") ?? null;
    item.metadata = metadata(p, item.metadata);
    if (inv) {
      for (const l of em.store.lines.get(inv.id) ?? [])
        if (lineInvoiceItem(l) === item.id) {
          l.description = item.description;
          l.metadata = item.metadata;
        }
      recompute(em, inv);
    }
    return item;
  });
  r.add("DELETE", "/v1/invoiceitems/:id", ({ em, path }) => {
    const item = em.get("invoiceitems", path.id, "invoiceitem");
    const inv = item.invoice ? em.store.c.invoices.get(item.invoice) : undefined;
    if (inv && inv.status !== "draft") throw invalid("Invoice items on a finalized invoice cannot be deleted.", undefined, "invoice_not_editable");
    if (inv) {
      const lines = em.store.lines.get(inv.id) ?? [];
      em.store.lines.set(
        inv.id,
        lines.filter((l) => lineInvoiceItem(l) !== item.id),
      );
      recompute(em, inv);
    }
    em.store.c.invoiceitems.delete(item.id);
    em.emit("invoiceitem.deleted", item);
    return { id: item.id, object: "invoiceitem", deleted: true };
  });
  r.add("GET", "/v1/invoiceitems", ({ em, p, url }) => {
    const customer = str(p, "customer");
    const invoice = str(p, "invoice");
    const pending = bool(p, "pending");
    return listCollection(
      em.store.c.invoiceitems,
      p,
      url,
      andFilters(
        customer ? (o) => o.customer === customer : undefined,
        invoice ? (o) => o.invoice === invoice : undefined,
        pending === undefined ? undefined : (o) => (o.invoice === null) === pending,
        createdFilter(p),
      ),
      { field: "customer", value: customer },
    );
  });
}

/** Unit amount: price / pricing[price] / price_data / unit_amount(_decimal); or a fixed `amount`. */
function unitOf(em: Emulator, p: Params): { unit: string | null; fixed: string | null; price: Obj | null; currency?: string } {
  const priceId = str(p, "price") ?? (obj(p, "pricing")?.price as string | undefined);
  if (priceId) {
    const price = em.get("prices", priceId, "price", "price");
    return { unit: price.unit_amount_decimal, fixed: null, price, currency: price.currency };
  }
  const pd = obj(p, "price_data");
  const src: Params = pd ?? p;
  if (src.unit_amount_decimal !== undefined) {
    const r = parseDecimal(src.unit_amount_decimal);
    if (!r) throw invalid("Invalid decimal: unit_amount_decimal", "unit_amount_decimal");
    return { unit: ratToDecimalString(r), fixed: null, price: null, currency: str(src, "currency") };
  }
  const ua = int(src, "unit_amount");
  if (ua !== undefined) return { unit: String(ua), fixed: null, price: null, currency: str(src, "currency") };
  const amount = int(p, "amount");
  if (amount !== undefined) return { unit: null, fixed: String(amount), price: null };
  throw invalid("You must specify either `amount`, `price`, `pricing[price]`, `unit_amount_decimal` or `unit_amount`.", "amount", "parameter_missing");
}

/**
 * `internal`: fields the emulator itself sets on items it makes (subscription prorations: parent,
 * proration, pricing, quantity) before the item is stored and announced; `internalMeta` joins
 * its bookkeeping (e.g. `credited`: what a credit proration credits).
 */
export function createInvoiceItem(em: Emulator, p: Params, internal: Obj = {}, internalMeta: Obj = {}): Obj {
  const customerId = str(p, "customer", true)!;
  const customer = em.get("customers", customerId, "customer", "customer");
  const u = unitOf(em, p);
  const invoiceId = str(p, "invoice");
  const inv = invoiceId ? em.get("invoices", invoiceId, "invoice", "invoice") : undefined;
  if (inv && inv.status !== "draft")
    throw invalid(`Invoice ${inv.id} is not a draft; items can only be added to draft invoices.`, "invoice", "invoice_not_editable");
  if (inv && inv.customer !== customerId) throw invalid("The invoice belongs to a different customer.", "invoice");
  const currency = (str(p, "currency") ?? u.currency ?? inv?.currency ?? customer.currency ?? "usd").toLowerCase();
  if (inv && inv.currency !== currency) throw invalid(`Currency ${currency} does not match the invoice currency ${inv.currency}.`, "currency");
  if (u.price && u.price.currency !== currency) throw invalid("The price currency does not match the invoice item currency.", "price");
  const qd = p.quantity_decimal !== undefined ? parseDecimal(p.quantity_decimal) : null;
  const quantity = int(p, "quantity") ?? (qd ? null : 1);
  if (u.fixed !== null && (quantity ?? 1) !== 1 && p.quantity !== undefined) throw invalid("quantity cannot be used with amount.", "quantity");
  const qty = qd ? ratToDecimalString(qd) : String(quantity ?? 1);
  // Tiered and package (transform_quantity) prices: the line amount comes from the price's
  // scheme (src/price-math.ts) and is kept as the line's fixed amount; quantity stays as given.
  const schemed = u.price && (u.price.billing_scheme === "tiered" || u.price.transform_quantity) ? u.price : null;
  if (schemed && !/^\d+$/.test(qty))
    throw invalid(
      `A price with billing_scheme=${schemed.billing_scheme}${schemed.transform_quantity ? " and transform_quantity" : ""} needs a whole quantity.`,
      "quantity_decimal",
    );
  const schemedAmount = schemed ? String(priceLineAmount(schemed as unknown as PriceShape, storedTiers(em, schemed.id), parseDecimal(qty)!, currency)) : null;
  const fixed = u.fixed ?? schemedAmount;
  const amount = Number(
    lineAmount(
      { amount: fixed !== null ? BigInt(fixed) : undefined, quantity: qty, unitAmountDecimal: u.unit ?? "0", discountable: true, coupons: [], taxes: [] },
      currency,
    ),
  );
  if (u.fixed !== null) checkAmountForCurrency(amount, currency, "amount");
  const now = em.clock.now();
  const period = obj(p, "period");
  const id = em.newId("ii");
  const item: Obj = {
    id,
    object: "invoiceitem",
    amount,
    currency,
    customer: customerId,
    customer_account: null,
    date: now,
    description: str(p, "description") ?? u.price?.nickname ?? null,
    // Stripe: "Defaults to false for prorations or negative invoice items, and true for all other invoice items."
    discountable: bool(p, "discountable") ?? amount >= 0,
    discounts: [],
    invoice: inv?.id ?? null,
    livemode: em.livemode,
    metadata: metadata(p),
    net_amount: amount,
    parent: null,
    period: period ? { end: Number(period.end), start: Number(period.start) } : { end: now, start: now },
    // `type` is always "price_details"; an item without a price (a bare amount) has no
    // `price_details` at all rather than a null one.
    pricing: {
      ...(u.price ? { price_details: { price: u.price.id, product: u.price.product } } : {}),
      type: "price_details",
      unit_amount_decimal: u.unit ?? u.fixed ?? null,
    },
    proration: false,
    quantity: quantity ?? Math.round(Number(qty)),
    quantity_decimal: qty,
    tax_rates: taxRatesParam(em, p.tax_rates, "tax_rates"),
    test_clock: null,
  };
  item.discounts = discountsParam(em, p.discounts, { customer: customerId, currency, invoice_item: id }, "discounts");
  Object.assign(item, internal);
  em.store.meta.set(id, { unit: u.unit, qty, fixed, ...internalMeta });
  em.store.c.invoiceitems.insert(item);
  em.emit("invoiceitem.created", item);
  if (inv) {
    lineFromItem(em, inv, item);
    recompute(em, inv);
    em.emit("invoice.updated", inv);
  }
  return item;
}
