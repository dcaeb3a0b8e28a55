-- The processor claims the oldest unsettled events in (stripeCreated, id) order (claim-events.ts).
-- Without an index in that order, every claim read and sorted every pending row: at month end,
-- when deliveries outrun projection and the inbox holds 180,000 pending events, one claim took
-- 363 ms and the processor slowed exactly when it was behind. This index holds only the
-- unsettled rows (it stays small once the inbox drains), so a claim walks it in order and stops
-- after its batch: 0.6 ms at the same size (bench/RESULTS.md, "Session 9"; the plan is checked by
-- features/stripe-sync/processor/claim-events.int.test.ts).
-- Partial indexes are not expressible in Prisma 6's schema; kept here as raw SQL like the audit
-- triggers, and named in schema.prisma beside the model.
CREATE INDEX "StripeEvent_unsettled_order_idx" ON "StripeEvent"("stripeCreated", "id") WHERE "status" IN ('PENDING', 'PROCESSING');

-- The same unsettled rows by object: the processor's per-object reads (is an earlier event of
-- this object still pending, the newest pending snapshot, the snapshots between) look only at
-- unsettled events. With the full (objectId, …) index alone, Postgres combined it with the
-- status index (a bitmap of every pending row: 100,000 at month end, 12–16 ms per probe) when
-- its statistics lagged behind a fast-growing inbox.
CREATE INDEX "StripeEvent_unsettled_object_idx" ON "StripeEvent"("objectId", "stripeCreated", "id") WHERE "status" IN ('PENDING', 'PROCESSING');

-- The inbox is a queue: at month end it grows by tens of thousands of rows a minute and every
-- row changes status twice. Postgres plans the processor's reads from the table's statistics;
-- with the default thresholds (analyze after 10 % of the table changed) they lagged minutes
-- behind, the planner believed almost nothing was pending, and walked the wrong index: the
-- batch read went from 4 ms to 1.9 s and the claim from 4 ms to 1.2 s with 130,000 pending
-- events unanalysed (bench/RESULTS.md, "Session 9: … the inbox as a queue"). Analyse and vacuum it often.
ALTER TABLE "StripeEvent" SET (
  autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000,
  autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
  autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_vacuum_insert_threshold = 1000
);
