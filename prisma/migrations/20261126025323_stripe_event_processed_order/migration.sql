-- CreateIndex
CREATE INDEX "StripeEvent_processedAt_id_idx" ON "StripeEvent"("processedAt", "id");

