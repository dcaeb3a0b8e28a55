// The invoice list's query string: one schema for the GET form, the page and the CSV export.
import { z } from "zod";
import { isCalendarDay, isPlainLine } from "@/lib/input";
import { invoiceSorts } from "./invoice-cursor";

export const invoiceStatuses = ["open", "paid", "void", "uncollectible"] as const;
export type InvoiceStatusFilter = (typeof invoiceStatuses)[number];

// Round trip and year range: Date.parse takes 2026-02-30 and year 0000, Postgres does not.
const day = z.string().refine(isCalendarDay);

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : Array.isArray(v) ? v[0] : v), schema.optional().catch(undefined));

export const invoiceFiltersSchema = z.object({
  status: optional(z.enum(invoiceStatuses)),
  from: optional(day),
  to: optional(day),
  q: optional(z.string().trim().max(64).refine(isPlainLine)),
  sort: optional(z.enum(invoiceSorts)),
  dir: optional(z.enum(["asc", "desc"])),
  cursor: optional(z.string().max(400).refine(isPlainLine)),
});

export type InvoiceFilters = z.infer<typeof invoiceFiltersSchema>;

/** Lenient: an unknown or malformed parameter is dropped, never an error page. */
export function parseInvoiceFilters(params: Record<string, string | string[] | undefined>): InvoiceFilters {
  return invoiceFiltersSchema.parse(params);
}

/** The list's query string for these filters (a fresh first page unless `extra` names a cursor), "" when there is none. */
export function invoiceFiltersQuery(f: InvoiceFilters, extra: Partial<InvoiceFilters> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, cursor: undefined, ...extra })) if (v) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Whether any filter narrows the list (sort and direction do not). */
export const isFiltered = (f: InvoiceFilters) => !!(f.status || f.from || f.to || f.q);

/** ISO days compare as strings: a start after the end can match nothing, so the page says why. */
export const isReversedRange = (f: InvoiceFilters) => !!(f.from && f.to && f.from > f.to);
