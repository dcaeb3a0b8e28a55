import "server-only";
import { Prisma } from "@prisma/client";
import type { Tx } from "../types";

type Value = string | bigint | boolean | Date | null;
/** A column's SQL type when it is not text: values travel as text arrays and are cast in SQL. */
export type ColumnType = "bigint" | "int" | "boolean" | "timestamp" | "numeric" | "jsonb" | { enum: string };

const ident = (name: string) => `"${name.replace(/"/g, "")}"`;
const text = (v: Value): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === "string" ? v : typeof v === "bigint" ? v.toString() : String(v);
// Timestamps are stored as UTC without zone (Prisma's DateTime): ISO text converted in SQL, as upsert-row.ts does.
const cast = (col: string, t: ColumnType | undefined) =>
  t === undefined ? col : t === "timestamp" ? `(${col}::timestamptz AT TIME ZONE 'UTC')` : typeof t === "object" ? `${col}::${ident(t.enum)}` : `${col}::${t}`;

/**
 * Many projection rows keyed by their Stripe id in one statement (INSERT … SELECT FROM unnest …
 * ON CONFLICT ("stripeId") DO UPDATE), the multi-row form of upsertByStripeId for replay, which
 * writes each table once per batch. Every row carries its row id (`id`): a new row's is chosen by
 * the caller (so rows written in the same batch can point at it), an existing row keeps its own.
 * `rows` must not hold one Stripe id twice (Postgres refuses to update a row twice in one
 * statement). `table`, the column names and `conflictWhere` come from code, never from input.
 */
export async function upsertManyByStripeId(
  tx: Tx,
  table: string,
  rows: ({ id: string; stripeId: string } & Record<string, Value>)[],
  types: Record<string, ColumnType>,
  opts: { conflictWhere?: string; extraInsert?: Record<string, string> } = {},
): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  const extra = Object.entries(opts.extraInsert ?? {});
  const arrays = cols.map((c) => Prisma.sql`${rows.map((r) => text(r[c]))}::text[]`);
  const alias = cols.map((_, i) => `c${i}`);
  const update = [
    ...cols.filter((c) => c !== "id" && c !== "stripeId").map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`),
    ...extra.map(([c, v]) => `${ident(c)} = ${v}`),
  ];
  await tx.$executeRaw`
    INSERT INTO ${Prisma.raw(ident(table))} AS x (${Prisma.raw([...cols, ...extra.map(([c]) => c)].map(ident).join(", "))})
    SELECT ${Prisma.raw([...cols.map((c, i) => cast(alias[i], types[c])), ...extra.map(([, v]) => v)].join(", "))}
      FROM unnest(${Prisma.join(arrays)}) AS t(${Prisma.raw(alias.join(", "))})
    ON CONFLICT ("stripeId") DO UPDATE SET ${Prisma.raw(update.join(", "))}
    ${Prisma.raw(opts.conflictWhere ? `WHERE ${opts.conflictWhere}` : "")}`;
}
