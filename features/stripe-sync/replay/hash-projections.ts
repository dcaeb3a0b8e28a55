import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";

// Each projection as JSON without Settle's own row ids and bookkeeping timestamps, foreign keys
// replaced by Stripe ids: two databases holding the same Stripe state hash the same.
const QUERIES: Record<string, string> = {
  Customer: `SELECT to_jsonb(t) - ARRAY['id','createdAt','updatedAt'] AS x FROM "Customer" t`,
  Price: `SELECT to_jsonb(t) - ARRAY['updatedAt'] AS x FROM "Price" t`,
  Invoice: `SELECT to_jsonb(t) - ARRAY['id','customerId','syncedAt'] || jsonb_build_object('customer', c."stripeId") AS x
            FROM "Invoice" t JOIN "Customer" c ON c.id = t."customerId"`,
  InvoiceLine: `SELECT to_jsonb(t) - ARRAY['id','invoiceId'] || jsonb_build_object('invoice', i."stripeId") AS x
                FROM "InvoiceLine" t JOIN "Invoice" i ON i.id = t."invoiceId"`,
  InvoiceLineDiscount: `SELECT to_jsonb(t) - ARRAY['id','lineId'] || jsonb_build_object('line', l."stripeId") AS x
                        FROM "InvoiceLineDiscount" t JOIN "InvoiceLine" l ON l.id = t."lineId"`,
  InvoiceLineTax: `SELECT to_jsonb(t) - ARRAY['id','lineId'] || jsonb_build_object('line', l."stripeId") AS x
                   FROM "InvoiceLineTax" t JOIN "InvoiceLine" l ON l.id = t."lineId"`,
  InvoiceDiscount: `SELECT to_jsonb(t) - ARRAY['id','invoiceId'] || jsonb_build_object('invoice', i."stripeId") AS x
                    FROM "InvoiceDiscount" t JOIN "Invoice" i ON i.id = t."invoiceId"`,
  InvoiceTax: `SELECT to_jsonb(t) - ARRAY['id','invoiceId'] || jsonb_build_object('invoice', i."stripeId") AS x
               FROM "InvoiceTax" t JOIN "Invoice" i ON i.id = t."invoiceId"`,
  InvoicePayment: `SELECT to_jsonb(t) - ARRAY['id','invoiceId'] || jsonb_build_object('invoice', i."stripeId") AS x
                   FROM "InvoicePayment" t JOIN "Invoice" i ON i.id = t."invoiceId"`,
  PaymentIntent: `SELECT to_jsonb(t) - ARRAY['id','customerId'] || jsonb_build_object('customer', c."stripeId") AS x
                  FROM "PaymentIntent" t LEFT JOIN "Customer" c ON c.id = t."customerId"`,
  Charge: `SELECT to_jsonb(t) - ARRAY['id','customerId','paymentIntentId'] || jsonb_build_object('customer', c."stripeId", 'pi', p."stripeId") AS x
           FROM "Charge" t LEFT JOIN "Customer" c ON c.id = t."customerId" LEFT JOIN "PaymentIntent" p ON p.id = t."paymentIntentId"`,
  Refund: `SELECT to_jsonb(t) - ARRAY['id','customerId','chargeId'] || jsonb_build_object('customer', c."stripeId", 'charge', ch."stripeId") AS x
           FROM "Refund" t LEFT JOIN "Customer" c ON c.id = t."customerId" LEFT JOIN "Charge" ch ON ch.id = t."chargeId"`,
  CreditNote: `SELECT to_jsonb(t) - ARRAY['id','customerId','invoiceId'] || jsonb_build_object('customer', c."stripeId", 'invoice', i."stripeId") AS x
               FROM "CreditNote" t JOIN "Customer" c ON c.id = t."customerId" JOIN "Invoice" i ON i.id = t."invoiceId"`,
  CreditNoteLine: `SELECT to_jsonb(t) - ARRAY['id','creditNoteId'] || jsonb_build_object('note', n."stripeId") AS x
                   FROM "CreditNoteLine" t JOIN "CreditNote" n ON n.id = t."creditNoteId"`,
  Subscription: `SELECT to_jsonb(t) - ARRAY['id','customerId','updatedAt'] || jsonb_build_object('customer', c."stripeId") AS x
                 FROM "Subscription" t LEFT JOIN "Customer" c ON c.id = t."customerId"`,
  SubscriptionItem: `SELECT to_jsonb(t) - ARRAY['id','subscriptionId'] || jsonb_build_object('subscription', s."stripeId") AS x
                     FROM "SubscriptionItem" t JOIN "Subscription" s ON s.id = t."subscriptionId"`,
  Chargeback: `SELECT to_jsonb(t) - ARRAY['id','customerId','chargeId'] || jsonb_build_object('customer', c."stripeId", 'charge', ch."stripeId") AS x
               FROM "Chargeback" t LEFT JOIN "Customer" c ON c.id = t."customerId" LEFT JOIN "Charge" ch ON ch.id = t."chargeId"`,
};

export interface ProjectionHash {
  hash: string;
  tables: Record<string, { rows: number; hash: string }>;
}

/** A content hash of every Stripe projection (used to prove replay == live sync). */
export async function hashProjections(db: Db): Promise<ProjectionHash> {
  const tables: ProjectionHash["tables"] = {};
  const all = createHash("sha256");
  for (const [table, sql] of Object.entries(QUERIES)) {
    const rows = await db.$queryRawUnsafe<{ s: string; n: number }[]>(
      `SELECT coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '') AS s, count(*)::int AS n FROM (${sql}) q`,
    );
    const h = createHash("sha256").update(rows[0].s).digest("hex");
    tables[table] = { rows: rows[0].n, hash: h };
    all.update(`${table}:${h}\n`);
  }
  return { hash: all.digest("hex"), tables };
}
