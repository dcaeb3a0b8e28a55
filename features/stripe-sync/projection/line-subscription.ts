// What an invoice line says about the subscription item it bills, as Stripe writes it from API
// 2025-03-31 "basil" on: `parent.subscription_item_details` { subscription, subscription_item,
// proration, proration_details: { credited_items } } (older shapes are rewritten to this one by
// events/legacy-shape.ts before projection). A live line recorded at 2025-05-28.basil
// (il_1Rbu7rFHp5a6uQihBqecnf3p, in the test) carries `subscription: "sub_…"`, `subscription_item:
// "si_…"` and `proration_details: { credited_items: null }`; a credit proration's credited_items is
// `{ invoice: "in_…", invoice_line_items: ["il_…"] }` (Stripe's OpenAPI
// billing_bill_resource_invoicing_lines_common_credited_items: "the original debit line_items to
// which the credit proration applies"). Invoice item lines name only their subscription.
import { idOf } from "../convert";
import type { StripeJson } from "../types";

export interface CreditedItems {
  invoice: string;
  invoice_line_items: string[];
}

export interface LineSubscription {
  subscriptionId: string | null;
  subscriptionItemId: string | null;
  /** JSON text of credited_items (the column is jsonb), or null. */
  creditedItems: string | null;
}

function credited(details: StripeJson | null | undefined): CreditedItems | null {
  const c = details?.proration_details?.credited_items;
  if (!c || typeof c !== "object") return null;
  const invoice = idOf(c.invoice);
  const lines = Array.isArray(c.invoice_line_items) ? c.invoice_line_items.map((l: unknown) => idOf(l)).filter((l: string | null): l is string => !!l) : [];
  return invoice ? { invoice, invoice_line_items: lines } : null;
}

/** The subscription, subscription item and credited items of a line's `parent`. */
export function subscriptionItemOf(parent: StripeJson | null | undefined): LineSubscription {
  const si = parent?.subscription_item_details;
  const ii = parent?.invoice_item_details;
  const c = credited(si) ?? credited(ii);
  return {
    subscriptionId: idOf(si?.subscription) ?? idOf(ii?.subscription) ?? null,
    subscriptionItemId: idOf(si?.subscription_item) ?? null,
    creditedItems: c ? JSON.stringify(c) : null,
  };
}
