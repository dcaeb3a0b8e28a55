import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { outcomeOf } from "./outcome";

/** The recalculations saved on a dispute, newest first, with who saved them and whether a correction followed. Staff only. */
export async function listRecalculations(db: Db, options: { actor: Actor; disputeId: string }) {
  assertStaff(options.actor);
  const rows = await db.recalculation.findMany({
    where: { disputeId: options.disputeId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
    select: {
      id: true,
      createdAt: true,
      currency: true,
      originalTotal: true,
      recalculatedTotal: true,
      differenceMinor: true,
      outcome: true,
      inputs: true,
      createdById: true,
      _count: { select: { corrections: true } },
    },
  });
  const ids = [...new Set(rows.map((r) => r.createdById).filter((x): x is string => !!x))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => {
    const inputs = (r.inputs ?? {}) as { edits?: unknown[]; note?: string | null; tariffApplied?: boolean };
    const by = r.createdById ? byId.get(r.createdById) : undefined;
    return {
      id: r.id,
      createdAt: r.createdAt,
      createdBy: by ? (by.name ?? by.email) : null,
      currency: r.currency,
      originalTotal: r.originalTotal,
      recalculatedTotal: r.recalculatedTotal,
      differenceMinor: r.differenceMinor,
      outcome: r.outcome === "customer_right" || r.outcome === "invoice_confirmed" ? r.outcome : outcomeOf(r.differenceMinor),
      edits: Array.isArray(inputs.edits) ? inputs.edits.length : 0,
      tariffApplied: inputs.tariffApplied === true,
      note: typeof inputs.note === "string" ? inputs.note : null,
      corrections: r._count.corrections,
    };
  });
}
