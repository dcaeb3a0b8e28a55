// Test-only loader of the conformance corpus: real Stripe objects and events recorded by other
// projects (see README.md here for each file's source, licence and API version). Files under
// objects/ are API responses, files under events/ are webhook events; every object is returned
// as recorded (the corpus is never rewritten to suit Settle).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Stripe JSON is untyped here on purpose: the corpus spans API versions from 2020 to today.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CorpusEntry {
  /** Path under conformance/, e.g. `events/gitpay--invoice.paid.json`. */
  file: string;
  /** Stripe's `object` of the recorded object (invoice, dispute, refund …). */
  object: string;
  data: Json;
  /** The event that carried it, when the file is an event. */
  event: Json | null;
}

const ROOT = path.join(import.meta.dirname);

export function loadCorpus(): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const dir of ["objects", "events"]) {
    for (const name of readdirSync(path.join(ROOT, dir))
      .filter((n) => n.endsWith(".json"))
      .sort()) {
      const json = JSON.parse(readFileSync(path.join(ROOT, dir, name), "utf8")) as Json;
      const event = json.object === "event" ? json : null;
      const data = event ? event.data.object : json;
      out.push({ file: `${dir}/${name}`, object: data.object, data, event });
    }
  }
  return out;
}

export const corpusInvoices = (): CorpusEntry[] => loadCorpus().filter((e) => e.object === "invoice");

export interface CorpusRate {
  percentage: string | null;
  inclusive: boolean;
  derived_from: string;
}

/** Tax rate objects the corpus recorded, anywhere (top level or expanded inside an invoice line), by id. */
export function recordedTaxRates(): Record<string, { percentage: string; inclusive: boolean }> {
  const out: Record<string, { percentage: string; inclusive: boolean }> = {};
  const walk = (o: Json): void => {
    if (!o || typeof o !== "object") return;
    if (Array.isArray(o)) return o.forEach(walk);
    if (o.object === "tax_rate" && typeof o.id === "string") out[o.id] = { percentage: String(o.percentage), inclusive: o.inclusive === true };
    Object.values(o).forEach(walk);
  };
  for (const e of loadCorpus()) walk(e.event ?? e.data);
  return out;
}

/** Rates the corpus invoices name but no source recorded (see tax-rates.json: derived, or unknown = null). */
export function corpusTaxRates(): Record<string, CorpusRate> {
  const all = JSON.parse(readFileSync(path.join(ROOT, "tax-rates.json"), "utf8")) as Record<string, CorpusRate | string>;
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, CorpusRate] => typeof e[1] === "object"));
}

/** Ids of the tax rates an invoice (current shape) names. */
export function taxRateIdsOf(inv: Json): string[] {
  const ids = new Set<string>();
  for (const t of inv.total_taxes ?? []) if (t.tax_rate_details?.tax_rate) ids.add(t.tax_rate_details.tax_rate);
  for (const l of inv.lines?.data ?? []) for (const t of l.taxes ?? []) if (t.tax_rate_details?.tax_rate) ids.add(t.tax_rate_details.tax_rate);
  return [...ids];
}

/** The expanded discount objects an invoice (current shape) carries anywhere, by id: how Stripe's own ids resolve. */
export function discountsOf(inv: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  const add = (d: Json) => {
    if (d && typeof d === "object" && typeof d.id === "string") out.set(d.id, d);
  };
  for (const d of inv.discounts ?? []) add(d);
  for (const a of inv.total_discount_amounts ?? []) add(a.discount);
  for (const l of inv.lines?.data ?? []) {
    for (const d of l.discounts ?? []) add(d);
    for (const a of l.discount_amounts ?? []) add(a.discount);
  }
  return out;
}
