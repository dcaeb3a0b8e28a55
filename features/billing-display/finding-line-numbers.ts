import "server-only";
import type { Db } from "@/lib/db";

// A finding names invoice lines by their Stripe ids; people read them as the invoice numbers them. The billing audit's
// pages, a dispute opened from a finding and the desk's inbox all show those numbers, so the lookup lives here, below
// billing-audit and disputes, and neither of them imports the other for it.

/** Stripe line ids a finding's evidence and suggestion name (in fields, field paths and edits). */
export function lineIdsOf(values: unknown[]): string[] {
  const ids = new Set<string>();
  const visit = (v: unknown, key: string | null): void => {
    if (typeof v === "string") {
      if ((key === "line" || key === "lineId") && v) ids.add(v);
      const m = /^lines\[([^\]]+)\]/.exec(v);
      if (key === "field" && m) ids.add(m[1]);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  values.forEach((v) => visit(v, null));
  return [...ids];
}

/** 1-based line numbers (as the invoice shows them) for the given Stripe line ids, in one query. */
export async function loadLineNumbers(db: Db, values: unknown[]): Promise<Record<string, number>> {
  const ids = lineIdsOf(values);
  if (!ids.length) return {};
  const rows = await db.invoiceLine.findMany({ where: { stripeId: { in: ids } }, select: { stripeId: true, position: true } });
  return Object.fromEntries(rows.map((r) => [r.stripeId, r.position + 1]));
}
