import "server-only";
import type { Db } from "@/lib/db";
import { auditRows } from "@/lib/pg-pool";

// The audit closes its own findings that stopped firing (saveFindings reopens them if they fire
// again). Only OPEN findings are closed: whatever staff decided (confirmed, corrected,
// dismissed) stays as they left it. Each closing writes an AuditEntry in the same statement.

const ACTOR = "system:billing-audit";

export interface ResolveScope {
  /** The run's start: anything seen by this run has lastSeenAt ≥ it. */
  seenAt: Date;
  /** Invoices the run checked; omitted = every invoice (a full sweep). */
  invoiceIds?: string[];
  /** Invoices on which a rule threw: their findings are left alone (not seen ≠ not firing). */
  skipInvoiceIds?: string[];
  /** Only findings on invoices of this Stripe mode (a sweep checks one mode); omitted = any. */
  livemode?: boolean;
}

/**
 * OPEN findings on the checked invoices that this run did not see again → RESOLVED. Returns
 * the closed findings' ids.
 */
export async function resolveStaleFindings(db: Db, scope: ResolveScope): Promise<string[]> {
  if (scope.invoiceIds && !scope.invoiceIds.length) return [];
  const rows = await auditRows<{ id: string }>(
    db,
    `WITH closed AS (
       UPDATE "Finding" SET status = 'RESOLVED', "updatedAt" = (now() AT TIME ZONE 'UTC')
       WHERE status = 'OPEN' AND "invoiceId" IS NOT NULL AND "lastSeenAt" < $1::timestamp
         AND ($2::text[] IS NULL OR "invoiceId" = ANY($2::text[]))
         AND NOT ("invoiceId" = ANY($3::text[]))
         AND ($4::boolean IS NULL OR EXISTS (SELECT 1 FROM "Invoice" i WHERE i.id = "Finding"."invoiceId" AND i.livemode = $4))
       RETURNING id, rule, "invoiceId", "lastSeenAt"
     )
     INSERT INTO "AuditEntry" ("actorLabel", action, "entityType", "entityId", before, after, reason)
     SELECT '${ACTOR}', 'finding.resolved', 'finding', id,
            jsonb_build_object('status', 'OPEN', 'lastSeenAt', "lastSeenAt"), jsonb_build_object('status', 'RESOLVED'),
            'The billing audit checked invoice ' || "invoiceId" || ' again and rule ' || rule || ' no longer fires'
     FROM closed RETURNING "entityId" AS id`,
    // Columns are timestamp(3) holding UTC: an ISO string cast to timestamp keeps the UTC wall time.
    [scope.seenAt.toISOString(), scope.invoiceIds ?? null, scope.skipInvoiceIds ?? [], scope.livemode ?? null],
  );
  return rows.map((r) => r.id);
}
