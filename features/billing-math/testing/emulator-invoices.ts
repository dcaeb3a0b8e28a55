// Reads every invoice of an in-process emulator through its API dispatcher, the way a Stripe
// client would (lists, line pages, expand), for the cross-check test and the benchmark.
// Structurally typed: nothing of the emulator's own code is imported here.
import type { StripeCouponLike, StripeInvoiceLike, StripeLineLike, StripeLookups, StripePriceLike, StripeTaxRateLike } from "../from-stripe-invoice";

export interface InProcessApi {
  api(method: "GET", path: string, params?: Record<string, unknown>): { status: number; body: unknown };
}

type Page<T> = { data: T[]; has_more: boolean };

function get<T>(em: InProcessApi, path: string, params: Record<string, unknown>): T {
  const res = em.api("GET", path, params);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body as T;
}

function* listAll<T extends { id: string }>(em: InProcessApi, path: string, params: Record<string, unknown> = {}): Generator<T> {
  let after: string | undefined;
  for (;;) {
    const page = get<Page<T>>(em, path, { ...params, limit: 100, ...(after ? { starting_after: after } : {}) });
    yield* page.data;
    if (!page.has_more || page.data.length === 0) return;
    after = page.data[page.data.length - 1].id;
  }
}

export type EmulatorInvoice = StripeInvoiceLike & { id: string; status: string };

export interface LoadedInvoices {
  invoices: { invoice: EmulatorInvoice; lines: StripeLineLike[] }[];
  lookups: { taxRates: Map<string, StripeTaxRateLike>; coupons: Map<string, StripeCouponLike>; prices: Map<string, StripePriceLike> } & StripeLookups;
}

export function loadEmulatorLookups(em: InProcessApi): LoadedInvoices["lookups"] {
  const taxRates = new Map<string, StripeTaxRateLike>();
  for (const t of listAll<StripeTaxRateLike>(em, "/v1/tax_rates")) taxRates.set(t.id, t);
  const coupons = new Map<string, StripeCouponLike>();
  for (const c of listAll<StripeCouponLike>(em, "/v1/coupons")) coupons.set(c.id, c);
  // Tiers only when expanded (as Stripe): package and tiered lines are recomputed from them.
  const prices = new Map<string, StripePriceLike>();
  for (const p of listAll<StripePriceLike>(em, "/v1/prices", { expand: ["data.tiers"] })) prices.set(p.id, p);
  return { taxRates, coupons, prices };
}

/** Streams every invoice with all its lines (one API page at a time, so 100,000 invoices fit in memory). */
export function* emulatorInvoices(em: InProcessApi): Generator<{ invoice: EmulatorInvoice; lines: StripeLineLike[] }> {
  // Discounts have no list endpoint in Stripe: expand them where they are referenced.
  const expand = ["data.discounts", "data.lines.data.discounts"];
  for (const invoice of listAll<EmulatorInvoice>(em, "/v1/invoices", { expand })) {
    const embedded = invoice.lines ?? { data: [], has_more: false };
    const lines = embedded.has_more ? [...listAll<StripeLineLike>(em, `/v1/invoices/${invoice.id}/lines`, { expand: ["data.discounts"] })] : embedded.data;
    yield { invoice, lines };
  }
}

export function loadEmulatorInvoices(em: InProcessApi): LoadedInvoices {
  return { invoices: [...emulatorInvoices(em)], lookups: loadEmulatorLookups(em) };
}
