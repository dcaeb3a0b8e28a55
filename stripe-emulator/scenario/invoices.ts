import { call, ScenarioApiError, send, type Obj } from "./api";
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
  /** Invoice line ids in the order of `lines` (only the first 10 are known from the finalize response). */
  lineIds: Array<string | undefined>;
}

/**
 * Draft → lines → finalize (unless paid at once): the fewest calls that still go through Stripe's own invoice
 * flow. Lines go in with one `add_lines` call when the emulator has it, otherwise one
 * invoice item each (both are documented Stripe endpoints).
 */
export function buildInvoice(ctx: ScenarioCtx, plan: CustomerPlan, lines: LineSpec[], month: number, opts: BuildOptions = {}): BuiltInvoice {
  const em = ctx.em;
  const t = lines[0]!.period.start;
  const params: Obj = {
    customer: plan.id,
    currency: plan.currency,
    collection_method: plan.collection,
    auto_advance: false,
    pending_invoice_items_behavior: "exclude",
    description: `Subscription ${new Date(t * 1000).toISOString().slice(0, 7)}`,
    metadata: { scenario_month: month },
  };
  if (plan.collection === "send_invoice") params.days_until_due = 30;
  if (plan.taxRate) params.default_tax_rates = [plan.taxRate];
  if (opts.drop !== "invoice" && plan.invoiceDiscount && discountActive(plan.invoiceDiscount, t)) params.discounts = [{ coupon: plan.invoiceDiscount.coupon }];
  const draft = call(em, "POST", "/v1/invoices", params);
  const specs = lines.map((l, i) => {
    const price = opts.override?.index === i ? opts.override.price : l.price;
    const coupon = opts.drop === "line" ? null : l.coupon;
    return { price, quantity: l.quantity, description: l.description, period: l.period, coupon };
  });
  const itemIds = addLines(ctx, plan, draft.id as string, specs);
  const invoice = opts.draft ? draft : call(em, "POST", `/v1/invoices/${draft.id}/finalize`, { auto_advance: false });
  ctx.invoiceCount++;
  return { invoice, lineIds: matchLines(invoice, itemIds, lines.length) };
}

interface Spec {
  price: string;
  quantity: number;
  description: string;
  period: { start: number; end: number };
  coupon: string | null;
}

function addLines(ctx: ScenarioCtx, plan: CustomerPlan, invoice: string, specs: Spec[]): string[] | null {
  if (ctx.addLinesSupported !== false) {
    const res = send(ctx.em, "POST", `/v1/invoices/${invoice}/add_lines`, {
      lines: specs.map((s) => ({
        pricing: { price: s.price },
        quantity: s.quantity,
        description: s.description,
        period: s.period,
        ...(s.coupon ? { discounts: [{ coupon: s.coupon }] } : {}),
      })),
    });
    if (res.status < 300) {
      ctx.addLinesSupported = true;
      return null;
    }
    if (ctx.addLinesSupported === true) throw new ScenarioApiError("POST", `/v1/invoices/${invoice}/add_lines`, res.status, res.body);
    ctx.addLinesSupported = false;
  }
  return specs.map(
    (s) =>
      call(ctx.em, "POST", "/v1/invoiceitems", {
        customer: plan.id,
        invoice,
        pricing: { price: s.price },
        quantity: s.quantity,
        description: s.description,
        period: s.period,
        ...(s.coupon ? { discounts: [{ coupon: s.coupon }] } : {}),
      }).id as string,
  );
}

/** Line ids by position: through the invoice item link when known, else in insertion order. */
function matchLines(invoice: Obj, itemIds: string[] | null, n: number): Array<string | undefined> {
  const data = (invoice.lines?.data ?? []) as Obj[];
  if (!itemIds) return Array.from({ length: n }, (_, i) => data[i]?.id as string | undefined);
  const byItem = new Map<string, string>();
  for (const l of data) {
    const ii = l.parent?.invoice_item_details?.invoice_item ?? l.invoice_item;
    if (ii) byItem.set(ii as string, l.id as string);
  }
  return itemIds.map((id, i) => byItem.get(id) ?? (data[i]?.id as string | undefined));
}
