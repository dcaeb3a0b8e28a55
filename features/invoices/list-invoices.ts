import "server-only";
import { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import { stripePageUrl } from "@/lib/stripe";
import { decodeCursor, encodeCursor, type InvoiceCursor, type InvoiceSort, type SortDir } from "./invoice-cursor";
import type { InvoiceFilters } from "./invoice-filters";
import { servicePeriodSql } from "./service-period";

const servicePeriod = Prisma.raw(`LEFT JOIN LATERAL ${servicePeriodSql(`"Invoice"."id"`)} sp ON true`);

export type InvoiceListItem = {
  id: string;
  number: string | null;
  status: string;
  currency: string;
  total: bigint;
  amountPaid: bigint;
  amountRemaining: bigint;
  dueDate: Date | null;
  created: Date;
  /** The period the invoice's lines cover (null when they differ), see service-period.ts. */
  periodStart: Date | null;
  periodEnd: Date | null;
  overdue: boolean;
  /** Stripe's hosted page for an open invoice with something left to pay ("Pay now"), else null */
  payUrl: string | null;
};

export type InvoiceListPage = {
  items: InvoiceListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
  sort: InvoiceSort;
  dir: SortDir;
  isFirstPage: boolean;
};

type Row = Omit<InvoiceListItem, "overdue" | "created" | "payUrl"> & { stripeCreated: Date; hostedInvoiceUrl: string | null };

const DAY = 86_400_000;
const column: Record<InvoiceSort, Prisma.Sql> = {
  created: Prisma.raw(`"stripeCreated"`),
  amount: Prisma.raw(`"total"`),
  due: Prisma.raw(`"dueDate"`),
};
const castValue = (sort: InvoiceSort, v: string) => (sort === "amount" ? Prisma.sql`${v}::bigint` : Prisma.sql`${new Date(v).toISOString()}::timestamp(3)`);

/** Ownership is the first predicate of every statement: rows of other customers never match. */
export function ownerPredicate(customerIds: string[]): Prisma.Sql {
  // With a single customer (the usual case) plain equality lets the (customerId, key, id)
  // index return rows already in order; ANY() would make Postgres sort.
  if (customerIds.length === 1) return Prisma.sql`"customerId" = ${customerIds[0]}`;
  return Prisma.sql`"customerId" = ANY(${customerIds}::text[])`;
}

function filterPredicates(f: InvoiceFilters): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  if (f.status) out.push(Prisma.sql`"status" = ${f.status.toUpperCase()}::"InvoiceStatus"`);
  if (f.from) out.push(Prisma.sql`"stripeCreated" >= ${`${f.from}T00:00:00.000Z`}::timestamp(3)`);
  if (f.to) out.push(Prisma.sql`"stripeCreated" < ${new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY).toISOString()}::timestamp(3)`);
  if (f.q) out.push(Prisma.sql`"number" ILIKE ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  return out;
}

type Segment = "values" | "nulls";

/**
 * Keyset pagination (no OFFSET): rows after the cursor's (value, id) in the sort order, so a
 * deep page costs the same as the first. The due date is nullable: invoices without one come
 * last ascending and first descending (Postgres' index order), queried as a separate segment.
 * The previous page (a `before` cursor on the page's first row) is the same walk in the opposite
 * direction — which is exactly the opposite sort, nulls included — reversed for display.
 */
/** Portal reads are scoped by the session's customer ids (read with the session at the page edge). */
export type ListInvoicesOptions = { customerIds: string[]; filters: InvoiceFilters; limit?: number; now?: Date };

export async function listInvoices(db: Db, o: ListInvoicesOptions): Promise<InvoiceListPage> {
  const sort = o.filters.sort ?? "created";
  const dir: SortDir = o.filters.dir ?? (sort === "due" ? "asc" : "desc");
  const limit = Math.min(Math.max(o.limit ?? 25, 1), 100);
  const cursor = decodeCursor(o.filters.cursor, { sort, dir });
  const now = o.now ?? new Date();
  if (o.customerIds.length === 0) return { items: [], nextCursor: null, prevCursor: null, sort, dir, isFirstPage: true };
  const back = !!cursor?.before;
  const scan: SortDir = back ? (dir === "asc" ? "desc" : "asc") : dir;

  const base = [ownerPredicate(o.customerIds), ...filterPredicates(o.filters)];
  const segments: Segment[] = sort !== "due" ? ["values"] : scan === "asc" ? ["values", "nulls"] : ["nulls", "values"];
  const startAt = cursor ? (cursor.value === null ? segments.indexOf("nulls") : segments.indexOf("values")) : 0;
  const rows: Row[] = [];
  for (let s = startAt; s < segments.length && rows.length <= limit; s++) {
    const where = [...base, ...segmentPredicates(sort, scan, segments[s], s === startAt ? cursor : null)];
    const key = segments[s] === "nulls" ? Prisma.empty : Prisma.sql`${column[sort]} ${Prisma.raw(scan)}, `;
    const batch = await db.$queryRaw<Row[]>`
      SELECT "id", "number", "status"::text AS "status", "currency", "total", "amountPaid", "amountRemaining",
             "dueDate", "stripeCreated", sp."servicePeriodStart" AS "periodStart", sp."servicePeriodEnd" AS "periodEnd", "hostedInvoiceUrl"
      FROM "Invoice" ${servicePeriod}
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY ${key}"id" ${Prisma.raw(scan)}
      LIMIT ${limit + 1 - rows.length}`;
    rows.push(...batch);
  }
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (back) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  // Going back, the rows after this page exist (we came from there); going forward, those before do.
  const hasNext = back || more;
  const hasPrev = back ? more : !!cursor;
  const nextCursor = hasNext && last ? encodeCursor({ sort, dir, value: sortValue(sort, last), id: last.id }) : null;
  const prevCursor = hasPrev && first ? encodeCursor({ sort, dir, value: sortValue(sort, first), id: first.id, before: true }) : null;
  return {
    items: page.map(({ stripeCreated, hostedInvoiceUrl, ...r }) => ({
      ...r,
      created: stripeCreated,
      overdue: r.status === "OPEN" && r.dueDate !== null && r.dueDate.getTime() < now.getTime(),
      payUrl: r.status === "OPEN" && r.amountRemaining > 0n ? stripePageUrl(hostedInvoiceUrl) : null,
    })),
    nextCursor,
    prevCursor,
    sort,
    dir,
    isFirstPage: !hasPrev,
  };
}

function segmentPredicates(sort: InvoiceSort, dir: SortDir, segment: Segment, cursor: InvoiceCursor | null): Prisma.Sql[] {
  const cmp = Prisma.raw(dir === "asc" ? ">" : "<");
  if (segment === "nulls") {
    const own = [Prisma.sql`"dueDate" IS NULL`];
    if (cursor) own.push(Prisma.sql`"id" ${cmp} ${cursor.id}`);
    return own;
  }
  const own = sort === "due" ? [Prisma.sql`"dueDate" IS NOT NULL`] : [];
  if (cursor && cursor.value !== null) own.push(Prisma.sql`(${column[sort]}, "id") ${cmp} (${castValue(sort, cursor.value)}, ${cursor.id})`);
  return own;
}

function sortValue(sort: InvoiceSort, row: Row): string | null {
  if (sort === "amount") return row.total.toString();
  if (sort === "due") return row.dueDate ? row.dueDate.toISOString() : null;
  return row.stripeCreated.toISOString();
}
