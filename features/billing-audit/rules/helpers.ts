// Small pure helpers shared by the rules.
import { lineAmount, toRational } from "@/features/billing-math";
import { compare, minorUnitStep } from "@/lib/money";
import type { AuditContext, AuditContractDiscount, AuditLine, AuditTariff, FindingDraft } from "../types";

export const sameDecimal = (a: string | null, b: string | null): boolean => {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  // Parsed through billing-math's cache: a sweep compares the same few prices on every line.
  return compare(toRational(a, "unit amount"), toRational(b, "unit amount")) === 0;
};

/** Validity is half-open [from, to), compared with the line's period start, as contracts are written. */
export const inForce = (v: { validFrom: Date; validTo: Date | null }, at: Date): boolean =>
  v.validFrom.getTime() <= at.getTime() && (v.validTo === null || at.getTime() < v.validTo.getTime());

/** The instant a line is billed for: its period start, else the invoice's creation. */
export const lineInstant = (ctx: AuditContext, line: AuditLine): Date => line.periodStart ?? ctx.invoice.stripeCreated;

/** Tariffs that price this line's product (by price id first, else by product). */
export function tariffsFor(ctx: AuditContext, line: AuditLine): AuditTariff[] {
  const byPrice = line.priceId ? ctx.tariffs.filter((t) => t.priceId === line.priceId) : [];
  if (byPrice.length) return byPrice;
  return line.productId ? ctx.tariffs.filter((t) => t.productId === line.productId) : [];
}

/** The tariff in force for the line, preferring one for the exact price. */
export function tariffInForce(ctx: AuditContext, line: AuditLine): AuditTariff | null {
  const at = lineInstant(ctx, line);
  const exact = line.priceId ? ctx.tariffs.find((t) => t.priceId === line.priceId && inForce(t, at)) : undefined;
  if (exact) return exact;
  return (line.productId ? ctx.tariffs.find((t) => t.productId === line.productId && inForce(t, at)) : undefined) ?? null;
}

export function lineDiscountsInForce(ctx: AuditContext, line: AuditLine): AuditContractDiscount[] {
  const at = lineInstant(ctx, line);
  return ctx.contractDiscounts.filter(
    (d) =>
      d.scope === "line" && inForce(d, at) && ((d.priceId !== null && d.priceId === line.priceId) || (d.productId !== null && d.productId === line.productId)),
  );
}

/** quantity × unit rounded as Stripe does; null when the line has no unit price. */
export function expectedLineAmount(line: AuditLine, unit: string | null = line.unitAmountDecimal): bigint | null {
  if (unit === null) return null;
  return lineAmount({ id: line.stripeId, quantity: line.quantity, unitAmountDecimal: unit }, minorUnitStep(line.currency));
}

export const abs = (n: bigint): bigint => (n < 0n ? -n : n);

export function draft(ctx: AuditContext, f: Omit<FindingDraft, "customerId" | "invoiceId" | "currency"> & { currency?: string }): FindingDraft {
  return { customerId: ctx.customer.id, invoiceId: ctx.invoice.id, currency: f.currency ?? ctx.invoice.currency, ...f };
}

/** Statuses where Stripe no longer bills anything: nothing on them can overcharge. */
export const isDead = (status: string): boolean => status === "DRAFT" || status === "DELETED";
