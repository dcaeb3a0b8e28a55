import "server-only";
import { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import type { FindingDraft } from "./types";

// JSON columns cannot hold bigint or Date: money stays exact as decimal strings.
const json = (v: unknown): Prisma.InputJsonValue =>
  JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))) as Prisma.InputJsonValue;

export interface SaveResult { created: number; seen: number }

/**
 * Stores findings deduplicated by fingerprint: new ones are inserted OPEN; ones already known
 * keep their status and decision and only get lastSeenAt (and fresh evidence) updated.
 */
export async function saveFindings(db: Db, drafts: FindingDraft[], seenAt = new Date()): Promise<SaveResult> {
  const unique = [...new Map(drafts.map((d) => [d.fingerprint, d])).values()];
  if (!unique.length) return { created: 0, seen: 0 };
  const { count } = await db.finding.createMany({
    data: unique.map((d) => ({
      rule: d.rule, fingerprint: d.fingerprint, severity: d.severity, customerId: d.customerId, invoiceId: d.invoiceId ?? null,
      currency: d.currency, amountAtStakeMinor: d.amountAtStakeMinor, summary: d.summary, evidence: json(d.evidence),
      suggestion: d.suggestion ? json(d.suggestion) : Prisma.JsonNull, detectedAt: seenAt, lastSeenAt: seenAt,
    })),
    skipDuplicates: true,
  });
  // One statement for all the already-known ones: status and decisions are never touched here.
  await db.finding.updateMany({ where: { fingerprint: { in: unique.map((d) => d.fingerprint) }, lastSeenAt: { lt: seenAt } }, data: { lastSeenAt: seenAt } });
  return { created: count, seen: unique.length };
}
