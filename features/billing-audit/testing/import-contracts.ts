// Demo and test helper: turns a scenario manifest's contracts (plain JSON, so nothing of the
// emulator is imported) into Settle tariffs and contracted discounts. Customers and prices must
// already be projected; contracts of unknown customers are skipped and counted.
import "server-only";
import { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";

interface ManifestDiscount {
  coupon: string;
  percent_off?: number;
  amount_off?: number;
  valid_from: number;
  valid_to: number | null;
}
export interface ContractsManifest {
  contracts: {
    customer: string;
    price: string;
    product: string;
    currency: string;
    /** Per unit; absent for a tiered contract. */
    unit_amount_decimal?: string;
    /** A tiered contract (bob's seats): Stripe's tier shape, amounts in minor units. */
    tiers_mode?: "graduated" | "volume";
    tiers?: { up_to: number | "inf"; unit_amount_decimal: string | null; flat_amount_decimal: string | null }[];
    valid_from: number;
    valid_to: number | null;
    quantity?: number;
    discount?: ManifestDiscount;
  }[];
  customer_discounts: (ManifestDiscount & { customer: string; currency?: string })[];
}

const date = (s: number | null) => (s === null ? null : new Date(s * 1000));

export async function importContractsFromManifest(db: Db, manifest: ContractsManifest): Promise<{ tariffs: number; discounts: number; skipped: number }> {
  const stripeIds = [...new Set([...manifest.contracts.map((c) => c.customer), ...manifest.customer_discounts.map((d) => d.customer)])];
  const customers = new Map<string, string>();
  for (let i = 0; i < stripeIds.length; i += 5000) {
    for (const c of await db.customer.findMany({ where: { stripeId: { in: stripeIds.slice(i, i + 5000) } }, select: { id: true, stripeId: true } }))
      customers.set(c.stripeId, c.id);
  }
  const prices = new Set((await db.price.findMany({ select: { id: true } })).map((p) => p.id));
  let skipped = 0;
  const tariffs = [];
  const discounts = [];
  for (const c of manifest.contracts) {
    const customerId = customers.get(c.customer);
    if (!customerId) {
      skipped++;
      continue;
    }
    tariffs.push({
      customerId,
      priceId: prices.has(c.price) ? c.price : null,
      productId: c.product,
      currency: c.currency,
      unitAmountDecimal: c.tiers_mode ? null : (c.unit_amount_decimal ?? null),
      tiersMode: c.tiers_mode ?? null,
      tiers: c.tiers_mode && c.tiers ? c.tiers : Prisma.DbNull,
      quantity: c.quantity === undefined ? null : String(c.quantity),
      validFrom: date(c.valid_from)!,
      validTo: date(c.valid_to),
      note: "imported from scenario manifest",
    });
    if (c.discount) {
      discounts.push({
        customerId,
        scope: "line",
        productId: c.product,
        priceId: null,
        couponId: c.discount.coupon,
        percentOff: c.discount.percent_off === undefined ? null : String(c.discount.percent_off),
        amountOffMinor: c.discount.amount_off === undefined ? null : BigInt(c.discount.amount_off),
        currency: c.currency,
        validFrom: date(c.discount.valid_from)!,
        validTo: date(c.discount.valid_to),
        note: "imported from scenario manifest",
      });
    }
  }
  for (const d of manifest.customer_discounts) {
    const customerId = customers.get(d.customer);
    if (!customerId) {
      skipped++;
      continue;
    }
    discounts.push({
      customerId,
      scope: "invoice",
      productId: null,
      priceId: null,
      couponId: d.coupon,
      percentOff: d.percent_off === undefined ? null : String(d.percent_off),
      amountOffMinor: d.amount_off === undefined ? null : BigInt(d.amount_off),
      currency: d.currency ?? null,
      validFrom: date(d.valid_from)!,
      validTo: date(d.valid_to),
      note: "imported from scenario manifest",
    });
  }
  if (tariffs.length) await db.tariff.createMany({ data: tariffs });
  if (discounts.length) await db.contractedDiscount.createMany({ data: discounts });
  return { tariffs: tariffs.length, discounts: discounts.length, skipped };
}
