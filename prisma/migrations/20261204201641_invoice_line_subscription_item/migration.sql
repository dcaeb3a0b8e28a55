-- AlterTable
ALTER TABLE "InvoiceLine" ADD COLUMN     "creditedItems" JSONB,
ADD COLUMN     "subscriptionId" TEXT,
ADD COLUMN     "subscriptionItemId" TEXT;

-- CreateIndex
CREATE INDEX "InvoiceLine_subscriptionItemId_idx" ON "InvoiceLine"("subscriptionItemId");


-- AlterTable
ALTER TABLE "Price" ADD COLUMN     "recurringIntervalCount" INTEGER;
