import "server-only";
import type { Db } from "@/lib/db";
import { auditRows } from "@/lib/pg-pool";
import type { FindingDraft } from "./types";

export interface SaveResult {
  created: number;
  seen: number;
  reopened: number;
}

// One statement per call whatever the number of findings (a sweep saves a whole batch at once):
// new fingerprints are inserted OPEN; known ones keep their status and decision and only get
// lastSeenAt bumped, except RESOLVED ones (closed by the audit when they stopped firing), which
// reopen with an AuditEntry. Money travels as decimal strings, so bigint stays exact.
const SQL = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS x(rule text, fingerprint text, severity text, "customerId" text, "invoiceId" text, currency text, stake text, summary text, evidence jsonb, suggestion jsonb)
), prev AS (
  SELECT f.fingerprint, f.status FROM "Finding" f WHERE f.fingerprint IN (SELECT fingerprint FROM input)
), up AS (
  INSERT INTO "Finding" (id, rule, fingerprint, severity, status, "customerId", "invoiceId", currency, "amountAtStakeMinor", summary, evidence, suggestion, "detectedAt", "lastSeenAt", "updatedAt")
  SELECT gen_random_uuid()::text, rule, fingerprint, severity::"FindingSeverity", 'OPEN', "customerId", "invoiceId", currency, stake::bigint, summary, evidence, suggestion, $2::timestamp, $2::timestamp, $2::timestamp
  FROM input
  ON CONFLICT (fingerprint) DO UPDATE SET
    "lastSeenAt" = GREATEST("Finding"."lastSeenAt", EXCLUDED."lastSeenAt"),
    status = CASE WHEN "Finding".status = 'RESOLVED' THEN 'OPEN'::"FindingStatus" ELSE "Finding".status END,
    "updatedAt" = CASE WHEN "Finding".status = 'RESOLVED' THEN EXCLUDED."updatedAt" ELSE "Finding"."updatedAt" END
  RETURNING id, fingerprint, rule, (xmax = 0) AS inserted
), reopened AS (
  INSERT INTO "AuditEntry" ("actorLabel", action, "entityType", "entityId", before, after, reason)
  SELECT 'system:billing-audit', 'finding.reopened', 'finding', up.id, '{"status":"RESOLVED"}'::jsonb, '{"status":"OPEN"}'::jsonb, 'Rule ' || up.rule || ' fires again'
  FROM up JOIN prev ON prev.fingerprint = up.fingerprint WHERE prev.status = 'RESOLVED' AND NOT up.inserted
  RETURNING 1
)
SELECT (SELECT count(*) FROM up WHERE inserted)::int AS created, (SELECT count(*) FROM reopened)::int AS reopened`;

export async function saveFindings(db: Db, drafts: FindingDraft[], seenAt = new Date()): Promise<SaveResult> {
  const unique = [...new Map(drafts.map((d) => [d.fingerprint, d])).values()];
  if (!unique.length) return { created: 0, seen: 0, reopened: 0 };
  const input = JSON.stringify(
    unique.map((d) => ({
      rule: d.rule,
      fingerprint: d.fingerprint,
      severity: d.severity,
      customerId: d.customerId,
      invoiceId: d.invoiceId ?? null,
      currency: d.currency,
      stake: d.amountAtStakeMinor,
      summary: d.summary,
      evidence: d.evidence,
      suggestion: d.suggestion,
    })),
    (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x),
  );
  // Columns are timestamp(3) holding UTC: the ISO string cast to timestamp keeps the UTC wall time.
  const [r] = await auditRows<{ created: number; reopened: number }>(db, SQL, [input, seenAt.toISOString()]);
  return { created: r.created, seen: unique.length, reopened: r.reopened };
}
