import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import { syncCustomerLinks } from "@/features/auth/customer-links";
import { big, decimalString, idOf, toDate, toPlainJson } from "../convert";
import type { ProjectionChange, StripeJson, Tx } from "../types";

/** A (not deleted) customer's row from its Stripe object: the projector's and replay's one mapping. */
export function customerFields(c: StripeJson) {
  return {
    email: (c.email ?? null) as string | null,
    name: (c.name ?? null) as string | null,
    currency: (c.currency ?? null) as string | null,
    balance: big(c.balance),
    preferredLocale: (Array.isArray(c.preferred_locales) ? (c.preferred_locales[0] ?? null) : null) as string | null,
    livemode: c.livemode === true,
    stripeCreated: toDate(c.created) ?? new Date(0),
  };
}

export async function projectCustomer(tx: Tx, c: StripeJson, eventAt: Date | null): Promise<ProjectionChange> {
  // A deleted customer is `{ id, object, deleted: true }`: keep what we know, flag it.
  if (c.deleted) {
    const row = await tx.customer.upsert({
      where: { stripeId: c.id },
      update: { deleted: true },
      create: { stripeId: c.id, deleted: true, livemode: c.livemode === true, stripeCreated: eventAt ?? new Date(0) },
      select: { id: true },
    });
    // Deleted in Stripe: every link ends (staff links too), in this transaction.
    await syncCustomerLinks(tx, row.id);
    return { kind: "customer", stripeId: c.id, customerId: row.id };
  }
  const data = customerFields(c);
  // One native upsert (INSERT … ON CONFLICT): two events that both bring a missing customer
  // do not collide. deleted is final: a stale customer.updated cannot resurrect a customer.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Customer" (id, "stripeId", email, name, currency, balance, "preferredLocale", livemode, "stripeCreated", "updatedAt")
    VALUES (${randomUUID()}, ${c.id}, ${data.email}, ${data.name}, ${data.currency}, ${data.balance}, ${data.preferredLocale},
            ${data.livemode}, ${data.stripeCreated}, (now() AT TIME ZONE 'UTC'))
    ON CONFLICT ("stripeId") DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, currency = EXCLUDED.currency,
      balance = EXCLUDED.balance, "preferredLocale" = EXCLUDED."preferredLocale", livemode = EXCLUDED.livemode,
      "stripeCreated" = EXCLUDED."stripeCreated", "updatedAt" = (now() AT TIME ZONE 'UTC')
      WHERE NOT "Customer".deleted
    RETURNING id`;
  const row = rows[0] ?? (await tx.customer.findUniqueOrThrow({ where: { stripeId: c.id }, select: { id: true } }));
  // Who may see this customer follows its current email, in the projection's transaction: the
  // previous address loses access (and, with no link left, its sessions) the moment the change
  // commits; a verified user with the new address sees it without waiting for a sign-in.
  if (rows[0]) await syncCustomerLinks(tx, row.id);
  return { kind: "customer", stripeId: c.id, customerId: row.id };
}

/** A price's row from its Stripe object: the projector's and replay's one mapping (tiers only when sent). */
export function priceFields(p: StripeJson) {
  const product = p.product;
  return {
    productId: idOf(product),
    productName: (product && typeof product === "object" ? (product.name ?? null) : null) as string | null,
    currency: p.currency as string,
    unitAmount: p.unit_amount === null || p.unit_amount === undefined ? null : big(p.unit_amount),
    unitAmountDecimal: decimalString(p.unit_amount_decimal),
    recurringInterval: (p.recurring?.interval ?? null) as string | null,
    recurringIntervalCount: typeof p.recurring?.interval_count === "number" ? (p.recurring.interval_count as number) : null,
    billingScheme: typeof p.billing_scheme === "string" ? p.billing_scheme : null,
    tiersMode: typeof p.tiers_mode === "string" ? p.tiers_mode : null,
    transformQuantity: p.transform_quantity ? { divide_by: Number(p.transform_quantity.divide_by), round: String(p.transform_quantity.round) } : Prisma.DbNull,
    usageType: typeof p.recurring?.usage_type === "string" ? p.recurring.usage_type : null,
    meterId: typeof p.recurring?.meter === "string" ? p.recurring.meter : null,
    active: p.deleted ? false : p.active !== false,
    stripeCreated: toDate(p.created) ?? new Date(0),
    // Tiers come only with expand[]=tiers (never in webhooks) and cannot change on a price: an
    // event without them leaves the stored ones alone.
    // (a plain copy: Prisma inspects the value it is given, and only Stripe's fields are read here)
    ...(Array.isArray(p.tiers) ? { tiers: toPlainJson(p.tiers) as unknown as Prisma.InputJsonValue } : {}),
  };
}

export async function projectPrice(tx: Tx, p: StripeJson): Promise<ProjectionChange> {
  const data = priceFields(p);
  if (p.deleted) {
    await tx.price.updateMany({ where: { id: p.id }, data: { active: false } });
  } else {
    await tx.price.upsert({ where: { id: p.id }, update: data, create: { id: p.id, ...data } });
  }
  return { kind: "price", stripeId: p.id };
}

// Customer row ids by Stripe id, per transaction: a row's id never changes and a customer row is
// never deleted (a deleted Stripe customer is a flag on it), so what a transaction saw once stays
// true inside it. Keyed by the transaction client, so nothing outlives (or leaks out of) it.
const customerIds = new WeakMap<object, Map<string, string>>();
const idsOf = (tx: Tx) => {
  let m = customerIds.get(tx);
  if (!m) customerIds.set(tx, (m = new Map()));
  return m;
};

/** Internal id of a customer that must already be projected (parents are applied first). */
export async function customerIdFor(tx: Tx, stripeCustomer: unknown): Promise<string | null> {
  const stripeId = idOf(stripeCustomer);
  if (!stripeId) return null;
  const m = idsOf(tx);
  const known = m.get(stripeId);
  if (known) return known;
  // Raw: every invoice, payment and refund event asks this once.
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Customer" WHERE "stripeId" = ${stripeId}`;
  if (!row) throw new Error(`customer ${stripeId} is not projected yet`);
  m.set(stripeId, row.id);
  return row.id;
}
