import "server-only";
import { Prisma } from "@prisma/client";
import { getDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { applyObjects } from "./apply-objects";
import { RESYNC_EVENT_TYPE } from "./resolve-event";
import type { AppliedObject } from "./types";

const PROJECTIONS = [
  "CreditNoteLine", "CreditNote", "Chargeback", "Refund", "InvoicePayment", "InvoiceLineDiscount", "InvoiceLineTax",
  "InvoiceLine", "InvoiceDiscount", "InvoiceTax", "Invoice", "Charge", "PaymentIntent", "Price", "Customer",
];
// Settle's own data that points at projection rows: a reset would orphan or cascade into it.
const DEPENDENTS = ["UserCustomer", "Tariff", "Dispute", "DisputedLine", "Recalculation", "Correction", "Finding"];
const GUARDED = ["Invoice", "PaymentIntent", "Charge", "Refund", "CreditNote", "Chargeback"];

export interface ReplayResult { events: number; ms: number; reset: boolean }

/**
 * Rebuilds every projection from the inbox alone, in the order live sync applied it, from the
 * objects it applied (complete invoices with all lines, parents it fetched). No API call.
 * reset=true empties the projections first (refused while Settle data points at them);
 * reset=false re-applies over them, keeping row ids so disputes keep their references.
 */
export async function replayEvents(opts: { reset?: boolean; batchSize?: number; db?: Db } = {}): Promise<ReplayResult> {
  const db = opts.db ?? (await getDb());
  const reset = opts.reset ?? true;
  const started = Date.now();
  if (reset) {
    await db.$transaction(async (tx) => {
      // Lock the dependents so nothing starts pointing at a projection between check and truncate.
      await tx.$executeRawUnsafe(`LOCK TABLE ${DEPENDENTS.map((t) => `"${t}"`).join(", ")} IN SHARE MODE`);
      for (const t of DEPENDENTS) {
        const [{ n }] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${t}"`);
        if (n > 0) throw new AppError("replay_blocked", `Cannot reset projections: ${t} has ${n} rows that reference them. Replay without reset instead.`, 409);
      }
      // CASCADE only reaches the dependents checked empty above.
      await tx.$executeRawUnsafe(`TRUNCATE ${PROJECTIONS.map((t) => `"${t}"`).join(", ")} CASCADE`);
    });
  } else {
    // Forget the staleness marks so the replayed order decides again.
    for (const t of GUARDED) await db.$executeRawUnsafe(`UPDATE "${t}" SET "lastEventAt" = NULL`);
  }
  const batchSize = opts.batchSize ?? 1000;
  // Objects written so far in this replay: a later event bringing one as a parent skips the
  // existence check (parents only insert when missing, and these exist now).
  const known = new Set<string>();
  let after: { at: Date; id: string } | null = null;
  let events = 0;
  for (;;) {
    const batch: { id: string; type: string; stripeCreated: Date; processedAt: Date; appliedObjects: unknown }[] = await db.stripeEvent.findMany({
      where: {
        status: "PROCESSED",
        appliedObjects: { not: Prisma.DbNull },
        ...(after ? { OR: [{ processedAt: { gt: after.at } }, { processedAt: after.at, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ processedAt: "asc" }, { id: "asc" }],
      take: batchSize,
      select: { id: true, type: true, stripeCreated: true, processedAt: true, appliedObjects: true },
    }) as never;
    if (!batch.length) break;
    await db.$transaction(async (tx) => {
      for (const ev of batch) {
        const eventAt = ev.type === RESYNC_EVENT_TYPE ? null : ev.stripeCreated;
        await applyObjects(tx, ev.appliedObjects as AppliedObject[], eventAt, { known });
      }
    }, { timeout: 600_000, maxWait: 60_000 });
    events += batch.length;
    const last = batch[batch.length - 1];
    after = { at: last.processedAt, id: last.id };
  }
  const result = { events, ms: Date.now() - started, reset };
  logger.info(result, "replay finished");
  return result;
}
