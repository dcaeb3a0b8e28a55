-- CreateIndex
CREATE INDEX "InvoicePayment_chargeStripeId_idx" ON "InvoicePayment"("chargeStripeId");

