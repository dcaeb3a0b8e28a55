import { call, type Obj } from "./api";
import { type CustomerPlan, discountActive, type ScenarioCtx } from "./context";
import type { LineSpec } from "./lines";

export interface BuildOptions {
  /** Leave out a contracted discount (the missing_discount error). */
  drop?: "line" | "invoice";
  /** Replace the price of line `index` (the tariff_mismatch error). */
  override?: { index: number; price: string };
  /**
   * Leave the invoice a draft (default false). Used when it is paid at once: Stripe finalizes
   * a draft before attempting payment, which saves a call per invoice.
   */
  draft?: boolean;
}

export interface BuiltInvoice {
  invoice: Obj;
  /** Invoice line ids in the order of `lines` (only the first 10 are known from the invoice object). */
  lineIds: Array<string | undefined>;
}

/**
 * Pending invoice items, then one invoice that includes them, then finalize (unless paid at
 * once). Adding lines to an existing draft instead (`add_lines` or `invoiceitems` with
 * `invoice`) emits an `invoice.updated` with the whole invoice per line, which was a third of
 * all event bytes; this way each line costs one small `invoiceitem.created`.
 */
export function buildInvoice(ctx: ScenarioCtx, plan: CustomerPlan, lines: LineSpec[], month: number, opts: BuildOptions = {}): BuiltInvoice {
  const em = ctx.em;
  const t = lines[0]!.period.start;
  const itemIds = lines.map((l, i) => {
    const coupon = opts.drop === "line" ? null : l.coupon;
    return call(em, "POST", "/v1/invoiceitems", {
      customer: plan.id,
      currency: plan.currency,
      pricing: { price: opts.override?.index === i ? opts.override.price : l.price },
      quantity: l.quantity,
      description: l.description,
      period: l.period,
      ...(coupon ? { discounts: [{ coupon }] } : {}),
      ...(l.taxRates ? { tax_rates: l.taxRates } : {}),
    }).id as string;
  });
  const params: Obj = {
    customer: plan.id,
    currency: plan.currency,
    collection_method: plan.collection,
    auto_advance: false,
    pending_invoice_items_behavior: "include",
    description: `Subscription ${new Date(t * 1000).toISOString().slice(0, 7)}`,
    metadata: { scenario_month: month },
  };
  if (plan.collection === "send_invoice") params.days_until_due = 30;
  if (plan.taxRate) params.default_tax_rates = [plan.taxRate];
  if (plan.stripeTax) params.automatic_tax = { enabled: true };
  if (opts.drop !== "invoice" && plan.invoiceDiscount && discountActive(plan.invoiceDiscount, t)) params.discounts = [{ coupon: plan.invoiceDiscount.coupon }];
  const draft = call(em, "POST", "/v1/invoices", params);
  const invoice = opts.draft ? draft : call(em, "POST", `/v1/invoices/${draft.id}/finalize`, { auto_advance: false });
  ctx.invoiceCount++;
  return { invoice, lineIds: matchLines(invoice, itemIds) };
}

/** Line ids in item order, through each line's link to its invoice item. */
function matchLines(invoice: Obj, itemIds: string[]): Array<string | undefined> {
  const byItem = new Map<string, string>();
  for (const l of (invoice.lines?.data ?? []) as Obj[]) {
    const ii = l.parent?.invoice_item_details?.invoice_item;
    if (ii) byItem.set(ii as string, l.id as string);
  }
  return itemIds.map((id) => byItem.get(id));
}
