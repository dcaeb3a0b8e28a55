-- The processor claims the oldest unsettled events in (stripeCreated, id) order (claim-events.ts).
-- Without an index in that order, every claim read and sorted every pending row: at month end,
-- when deliveries outrun projection and the inbox holds 180,000 pending events, one claim took
-- 363 ms and the processor slowed exactly when it was behind. This index holds only the
-- unsettled rows (it stays small once the inbox drains), so a claim walks it in order and stops
-- after its batch: 0.6 ms at the same size (bench/claim-scale.bench.ts).
-- Partial indexes are not expressible in Prisma 6's schema; kept here as raw SQL like the audit
-- triggers, and named in schema.prisma beside the model.
CREATE INDEX "StripeEvent_unsettled_order_idx" ON "StripeEvent"("stripeCreated", "id") WHERE "status" IN ('PENDING', 'PROCESSING');
