import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { tiersOf } from "@/features/billing-math/price-row";
import type { TierInput } from "@/features/billing-math";

const dec = (v: unknown) => (v === null || v === undefined ? null : String(v));
const tierRow = (t: TierInput) => ({
  upTo: t.upTo === "inf" || t.upTo === null ? null : String(t.upTo),
  unitAmountDecimal: dec(t.unitAmountDecimal ?? t.unitAmount),
  flatAmountDecimal: dec(t.flatAmountDecimal ?? t.flatAmount),
});

/**
 * The desk's tariff page: the customer, its active tariffs and contracted discounts, and the
 * Stripe prices a tariff can be for: every active price of the catalog (synced from Stripe's
 * price events), the ones the customer's invoices used first.
 */
export async function listCustomerTariffs(db: Db, options: { actor: Actor; customerId: string }) {
  assertStaff(options.actor, "AGENT");
  if (!isWellFormedId(options.customerId)) throw new NotFoundError("Customer not found");
  const customer = await db.customer.findUnique({
    where: { id: options.customerId },
    select: { id: true, stripeId: true, name: true, email: true, currency: true },
  });
  if (!customer) throw new NotFoundError("Customer not found");
  const [tariffs, discounts, priceRows] = await Promise.all([
    db.tariff.findMany({ where: { customerId: customer.id, retiredAt: null }, orderBy: [{ priceId: "asc" }, { validFrom: "asc" }] }),
    db.contractedDiscount.findMany({ where: { customerId: customer.id, retiredAt: null }, orderBy: { validFrom: "asc" } }),
    db.invoiceLine.findMany({
      where: { invoice: { customerId: customer.id }, priceId: { not: null } },
      distinct: ["priceId"],
      select: { priceId: true },
      take: 100,
    }),
  ]);
  const used = new Set(priceRows.map((p) => p.priceId!));
  const catalog = await db.price.findMany({
    where: { OR: [{ id: { in: [...used] } }, { active: true }] },
    orderBy: [{ productName: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, productName: true, currency: true, unitAmountDecimal: true, unitAmount: true, recurringInterval: true },
  });
  const prices = [...catalog.filter((p) => used.has(p.id)), ...catalog.filter((p) => !used.has(p.id))];
  return {
    customer,
    tariffs: tariffs.map(({ tiers, ...t }) => ({
      ...t,
      unitAmountDecimal: t.unitAmountDecimal?.toString() ?? null,
      // A tiered tariff's tiers for the tier table (minor-unit decimals; upTo null = inf).
      tiers: t.tiersMode ? (tiersOf(tiers) ?? []).map(tierRow) : null,
      quantity: t.quantity?.toString() ?? null,
      discountPercent: t.discountPercent?.toString() ?? null,
    })),
    discounts: discounts.map((d) => ({ ...d, percentOff: d.percentOff?.toString() ?? null })),
    prices: prices.map((p) => ({
      ...p,
      usedByCustomer: used.has(p.id),
      unitAmountDecimal: p.unitAmountDecimal?.toString() ?? p.unitAmount?.toString() ?? null,
    })),
  };
}
