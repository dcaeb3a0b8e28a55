import "server-only";
import type Stripe from "stripe";
import { getStripe } from "@/lib/stripe";
import { toPlainJson } from "../convert";
import { invoiceLineToCurrentShape, toCurrentShape } from "./legacy-shape";
import type { Kind, StripeJson, TaxRateInfo } from "../types";

/** Where the processor reads the truth from. Tests swap it; production uses the Stripe API. */
export interface ObjectSource {
  /** The latest object, complete (all lines); null when Stripe no longer has it. */
  retrieve(kind: Kind, id: string): Promise<StripeJson | null>;
  /** Pages what a listed or delivered object left out (lines past the first 10). */
  complete(kind: Kind, object: StripeJson): Promise<StripeJson>;
  taxRates(ids: string[]): Promise<Record<string, TaxRateInfo>>;
}

const isMissing = (e: unknown) => (e as { statusCode?: number })?.statusCode === 404;

export function stripeSource(stripe: Stripe = getStripe()): ObjectSource {
  const rateCache = new Map<string, TaxRateInfo>();

  const couponCache = new Map<string, StripeJson | null>();

  async function allInvoiceLines(id: string): Promise<StripeJson[]> {
    const out: StripeJson[] = [];
    for await (const l of stripe.invoices.listLineItems(id, { limit: 100, expand: ["data.discounts"] })) out.push(invoiceLineToCurrentShape(toPlainJson(l)));
    return out;
  }

  async function coupon(id: string): Promise<StripeJson | null> {
    if (!couponCache.has(id)) {
      try {
        couponCache.set(id, toPlainJson(await stripe.coupons.retrieve(id)));
      } catch (e) {
        if (!isMissing(e)) throw e;
        couponCache.set(id, null); // a deleted coupon: the discount keeps its id only
      }
    }
    return couponCache.get(id) ?? null;
  }

  // Discounts arrive expanded (invoice and line level) but their coupon is an id one level
  // deeper than Stripe lets us expand from the invoice: inline it, so the projection (and replay,
  // which reads the stored object) has the coupon's percent/amount off for line discounts too.
  async function inlineCoupons(o: StripeJson): Promise<StripeJson> {
    const discounts: StripeJson[] = [...(o.discounts ?? []), ...(o.lines?.data ?? []).flatMap((l: StripeJson) => l.discounts ?? [])];
    for (const d of discounts) {
      if (!d || typeof d !== "object") continue;
      if (typeof d.source?.coupon === "string") {
        const c = await coupon(d.source.coupon);
        if (c) d.source = { ...d.source, coupon: c };
      }
    }
    return o;
  }
  async function allCreditNoteLines(id: string): Promise<StripeJson[]> {
    const out: StripeJson[] = [];
    for await (const l of stripe.creditNotes.listLineItems(id, { limit: 100 })) out.push(toPlainJson(l));
    return out;
  }

  // A subscription lists its first items only (`items.has_more`): page the rest.
  async function allSubscriptionItems(id: string): Promise<StripeJson[]> {
    const out: StripeJson[] = [];
    for await (const i of stripe.subscriptionItems.list({ subscription: id, limit: 100 })) out.push(toPlainJson(i));
    return out;
  }

  const source: ObjectSource = {
    async complete(kind, raw) {
      // Objects at an API version before 2025-03-31 (old snapshots, an endpoint pinned to an
      // old version) are read in the current shape; see legacy-shape.ts.
      const o = toCurrentShape(kind, raw);
      if (kind === "invoice") {
        const full = o.lines?.has_more ? { ...o, lines: { ...o.lines, data: await allInvoiceLines(o.id), has_more: false } } : o;
        return inlineCoupons(full);
      }
      if (kind === "subscription" && o.items?.has_more) {
        return toCurrentShape(kind, { ...o, items: { ...o.items, data: await allSubscriptionItems(o.id), has_more: false } });
      }
      if (kind === "credit_note" && o.lines?.has_more) {
        return { ...o, lines: { ...o.lines, data: await allCreditNoteLines(o.id), has_more: false } };
      }
      return o;
    },
    async retrieve(kind, id) {
      try {
        let o: unknown;
        switch (kind) {
          case "customer":
            o = await stripe.customers.retrieve(id);
            break;
          case "invoice":
            o = await stripe.invoices.retrieve(id, { expand: ["payments", "discounts", "lines.data.discounts"] });
            break;
          case "payment_intent":
            o = await stripe.paymentIntents.retrieve(id);
            break;
          case "charge":
            o = await stripe.charges.retrieve(id);
            break;
          case "refund":
            o = await stripe.refunds.retrieve(id);
            break;
          case "credit_note":
            o = await stripe.creditNotes.retrieve(id);
            break;
          case "dispute":
            o = await stripe.disputes.retrieve(id);
            break;
          case "price":
            o = await stripe.prices.retrieve(id, { expand: ["product", "tiers"] });
            break;
          case "subscription":
            // Item prices are not expanded further: a price Settle has not projected is fetched
            // as a parent (resolve-event.ts) with its product and tiers, and its own price.*
            // events keep it current.
            o = await stripe.subscriptions.retrieve(id);
            break;
        }
        return source.complete(kind, toPlainJson(o));
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async taxRates(ids) {
      const out: Record<string, TaxRateInfo> = {};
      for (const id of new Set(ids)) {
        let info = rateCache.get(id);
        if (!info) {
          try {
            const r = await stripe.taxRates.retrieve(id);
            info = { percentage: String(r.percentage), displayName: r.display_name ?? null, inclusive: r.inclusive };
          } catch (e) {
            if (!isMissing(e)) throw e;
            info = { percentage: "0", displayName: null, inclusive: false };
          }
          rateCache.set(id, info);
        }
        out[id] = info;
      }
      return out;
    },
  };
  return source;
}
