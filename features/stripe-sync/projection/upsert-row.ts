import "server-only";
import { Prisma } from "@prisma/client";
import type { Kind, Tx } from "../types";

type Value = string | bigint | boolean | Date | null;

// Timestamps are stored as UTC without zone (Prisma's DateTime): send ISO text and convert in SQL,
// so the session's TimeZone can never shift them.
const param = (v: Value) =>
  v instanceof Date
    ? Prisma.sql`(${v.toISOString()}::timestamptz AT TIME ZONE 'UTC')`
    : typeof v === "bigint"
      ? Prisma.sql`${v.toString()}::bigint`
      : Prisma.sql`${v}`;
const ident = (name: string) => Prisma.raw(`"${name.replace(/"/g, "")}"`);

/**
 * One projection row keyed by its Stripe id, inserted or updated in a single raw statement
 * (a Prisma model upsert costs several times more here, and this runs for every event).
 * `table` and the keys of `data` come from code, never from input.
 */
export async function upsertByStripeId(
  tx: Tx,
  table: string,
  stripeId: string,
  data: Record<string, Value>,
  enums: Record<string, string> = {},
): Promise<string> {
  const cols = Object.keys(data);
  const value = (c: string) => (enums[c] ? Prisma.sql`${param(data[c])}::${ident(enums[c])}` : param(data[c]));
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO ${ident(table)} (id, "stripeId", ${Prisma.join(cols.map(ident))})
    VALUES (gen_random_uuid()::text, ${stripeId}, ${Prisma.join(cols.map(value))})
    ON CONFLICT ("stripeId") DO UPDATE SET ${Prisma.join(cols.map((c) => Prisma.sql`${ident(c)} = EXCLUDED.${ident(c)}`))}
    RETURNING id`;
  return row.id;
}

/** The row id and the staleness fields of a projection row, by Stripe id (raw, see above). */
export async function findGuarded(tx: Tx, table: string, stripeId: string, extra: string[] = []) {
  const cols = ["id", "status", "lastEventAt", "customerId", ...extra];
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>`SELECT ${Prisma.join(cols.map(ident))} FROM ${ident(table)} WHERE "stripeId" = ${stripeId}`;
  return row ? (row as { id: string; status: string; lastEventAt: Date | null; customerId: string | null } & Record<string, unknown>) : null;
}

// Static statements per kind (prepared-shaped): these run for every object of every event.
type Query = Pick<Tx, "$queryRaw">;
const EXISTS: Record<Kind, (q: Query, id: string) => Promise<unknown[]>> = {
  customer: (q, id) => q.$queryRaw`SELECT 1 FROM "Customer" WHERE "stripeId" = ${id}`,
  invoice: (q, id) => q.$queryRaw`SELECT 1 FROM "Invoice" WHERE "stripeId" = ${id}`,
  payment_intent: (q, id) => q.$queryRaw`SELECT 1 FROM "PaymentIntent" WHERE "stripeId" = ${id}`,
  charge: (q, id) => q.$queryRaw`SELECT 1 FROM "Charge" WHERE "stripeId" = ${id}`,
  refund: (q, id) => q.$queryRaw`SELECT 1 FROM "Refund" WHERE "stripeId" = ${id}`,
  credit_note: (q, id) => q.$queryRaw`SELECT 1 FROM "CreditNote" WHERE "stripeId" = ${id}`,
  dispute: (q, id) => q.$queryRaw`SELECT 1 FROM "Chargeback" WHERE "stripeId" = ${id}`,
  price: (q, id) => q.$queryRaw`SELECT 1 FROM "Price" WHERE id = ${id}`,
  subscription: (q, id) => q.$queryRaw`SELECT 1 FROM "Subscription" WHERE "stripeId" = ${id}`,
};

/** Whether Settle has projected this Stripe object (a Price is keyed by its Stripe id). */
export const isProjected = async (q: Query, kind: Kind, stripeId: string): Promise<boolean> => (await EXISTS[kind](q, stripeId)).length > 0;
