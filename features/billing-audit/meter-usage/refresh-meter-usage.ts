import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { auditRows, epochMs } from "@/lib/pg-pool";
import type { Stripe } from "@/lib/stripe";
import { withStripePriority } from "@/lib/stripe-budget";
import { meterWindows } from "../rules/metered-usage";

// Settle's copy of the meter totals its metered invoice lines bill (MeterUsageSummary), so the
// audit rule metered_usage_mismatch stays pure and compares without calling Stripe.
//
// For every metered line (its price's recurring.usage_type = metered, with recurring.meter) of a
// finalized invoice whose period has ended, the customer's meter event summary over the line's
// period is fetched (GET /v1/billing/meters/:id/event_summaries, no value_grouping_window: "If
// not specified, a single event summary would be returned for the specified time range",
// https://docs.stripe.com/api/billing/meter-event-summary/list). Summary bounds must be "aligned
// with minute boundaries": an unaligned period gets its outer and inner aligned windows (see
// rules/metered-usage.ts). The meter's default_aggregation.formula is read once per meter.
// Requests go through the shared Stripe budget at the "bulk" priority (lib/stripe-budget.ts):
// people and webhook sync keep first call on the account's rate limit.
//
// Late usage: Stripe aggregates meter events asynchronously ("the meter event summaries provide
// an eventually consistent view of the reported usage", the Meter Event Summary object), and
// usage may be reported after the period. A summary fetched less than REFRESH_WITHIN after its
// window's end is fetched again once it is older than STALE_AFTER; after that it is kept.
// Which lines: the given invoices' (O(their lines)), or every metered line (one pass over the
// lines of the few metered prices, joined through Price; the scheduled sweep runs it hourly).

const REFRESH_WITHIN_MS = 35 * 86_400_000;
const STALE_AFTER_MS = 86_400_000;
const CONCURRENCY = 4;

export interface RefreshMeterUsageOptions {
  stripe: Stripe;
  /** Only these invoices' lines (Settle ids); undefined = every metered line. */
  invoiceIds?: string[];
  now?: Date;
  /** Only invoices of this Stripe mode (the configured key's); undefined = any. */
  livemode?: boolean;
}

export interface RefreshMeterUsageResult {
  windows: number;
  fetched: number;
  failed: number;
}

type LineRow = { customer: string; meter: string; start: number; end: number; livemode: boolean };
type Window = { customer: string; meter: string; start: number; end: number; livemode: boolean };

/** The meter's aggregated value as an exact decimal string (Stripe sends a float). */
export function decimalOf(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`aggregated_value ${v}`);
  if (Number.isInteger(v)) return BigInt(v).toString();
  return v.toFixed(12).replace(/0+$/, "").replace(/\.$/, "");
}

export async function refreshMeterUsage(db: Db, opts: RefreshMeterUsageOptions): Promise<RefreshMeterUsageResult> {
  const now = opts.now ?? new Date();
  const lines = await auditRows<LineRow>(
    db,
    `SELECT DISTINCT c."stripeId" AS customer, p."meterId" AS meter, ${epochMs('l."periodStart"')} AS start, ${epochMs('l."periodEnd"')} AS "end", i.livemode
     FROM "Price" p
     JOIN "InvoiceLine" l ON l."priceId" = p.id
     JOIN "Invoice" i ON i.id = l."invoiceId"
     JOIN "Customer" c ON c.id = i."customerId"
     WHERE p."usageType" = 'metered' AND p."meterId" IS NOT NULL AND NOT l.proration
       AND l."periodStart" IS NOT NULL AND l."periodEnd" IS NOT NULL AND l."periodEnd" > l."periodStart" AND l."periodEnd" <= (to_timestamp($1::float8 / 1000) AT TIME ZONE 'UTC')
       AND i.status NOT IN ('DRAFT', 'DELETED', 'VOID')
       AND ($2::text[] IS NULL OR i.id = ANY($2::text[]))
       AND ($3::boolean IS NULL OR i.livemode = $3)`,
    [now.getTime(), opts.invoiceIds ?? null, opts.livemode ?? null],
  );
  if (!lines.length) return { windows: 0, fetched: 0, failed: 0 };
  const wanted = new Map<string, Window>();
  for (const l of lines) {
    const w = meterWindows(new Date(l.start), new Date(l.end));
    for (const [start, end] of w.inner ? [w.outer, w.inner] : [w.outer])
      wanted.set(`${l.customer}|${l.meter}|${start}|${end}`, { customer: l.customer, meter: l.meter, start, end, livemode: l.livemode });
  }
  const stored = await auditRows<{ customer: string; meter: string; start: number; end: number; fetched: number }>(
    db,
    `SELECT "customerStripeId" AS customer, "meterId" AS meter, ${epochMs('"startTime"')} AS start, ${epochMs('"endTime"')} AS "end", ${epochMs('"fetchedAt"')} AS fetched
     FROM "MeterUsageSummary" WHERE ("customerStripeId", "meterId") IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [[...wanted.values()].map((w) => w.customer), [...wanted.values()].map((w) => w.meter)],
  );
  const t = now.getTime();
  for (const s of stored) {
    const key = `${s.customer}|${s.meter}|${s.start}|${s.end}`;
    const settled = s.fetched >= s.end + REFRESH_WITHIN_MS;
    if (settled || t - s.fetched < STALE_AFTER_MS) wanted.delete(key);
  }
  const todo = [...wanted.values()];
  if (!todo.length) return { windows: 0, fetched: 0, failed: 0 };

  return withStripePriority("bulk", async () => {
    const formulas = new Map<string, Promise<string | null>>();
    const formulaOf = (meter: string) => {
      let f = formulas.get(meter);
      if (!f) {
        f = opts.stripe.billing.meters.retrieve(meter).then(
          (m) => m.default_aggregation?.formula ?? null,
          () => null,
        );
        formulas.set(meter, f);
      }
      return f;
    };
    let fetched = 0,
      failed = 0,
      next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const w = todo[next++];
        try {
          const page = await opts.stripe.billing.meters.listEventSummaries(w.meter, {
            customer: w.customer,
            start_time: w.start / 1000,
            end_time: w.end / 1000,
          });
          // One summary for the whole range; none = no usage.
          const value = page.data.length ? decimalOf(page.data.reduce((s, d) => s + d.aggregated_value, 0)) : "0";
          const formula = await formulaOf(w.meter);
          await db.$executeRaw`
            INSERT INTO "MeterUsageSummary" (id, "customerStripeId", "meterId", "startTime", "endTime", "aggregatedValue", formula, livemode, "fetchedAt")
            VALUES (${`mus_${w.customer}_${w.meter}_${w.start}_${w.end}`}, ${w.customer}, ${w.meter}, ${new Date(w.start)}, ${new Date(w.end)}, ${value}::numeric, ${formula}, ${w.livemode}, ${now})
            ON CONFLICT ("customerStripeId", "meterId", "startTime", "endTime")
            DO UPDATE SET "aggregatedValue" = EXCLUDED."aggregatedValue", formula = EXCLUDED.formula, "fetchedAt" = EXCLUDED."fetchedAt"`;
          fetched++;
        } catch (err) {
          failed++;
          logger.warn({ meter: w.meter, err: err instanceof Error ? err.message : String(err) }, "meter usage summary not fetched");
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker));
    return { windows: todo.length, fetched, failed };
  });
}
