import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { loadLineNumbers } from "@/features/billing-display/finding-line-numbers";
import { assertStaff, type Actor } from "@/features/auth/actor";

/** One finding with its evidence, suggestion, invoice, customer and decision history. */
export async function getFinding(db: Db, options: { actor: Actor; findingId: string }) {
  assertStaff(options.actor, "AGENT");
  if (!isWellFormedId(options.findingId)) throw new NotFoundError("Finding not found");
  const finding = await db.finding.findUnique({
    where: { id: options.findingId },
    include: {
      invoice: { select: { id: true, number: true, stripeId: true, status: true, total: true, currency: true } },
      customer: { select: { id: true, name: true, email: true, stripeId: true } },
      dispute: { select: { id: true, number: true, status: true } },
    },
  });
  if (!finding) throw new NotFoundError("Finding not found");
  const [history, lineNumbers] = await Promise.all([
    db.auditEntry.findMany({
      where: { entityType: "finding", entityId: finding.id },
      orderBy: { at: "asc" },
      select: { id: true, at: true, action: true, actorLabel: true, reason: true, actor: { select: { name: true, email: true } } },
    }),
    loadLineNumbers(db, [finding.evidence, finding.suggestion]),
  ]);
  return { finding, history, lineNumbers };
}
