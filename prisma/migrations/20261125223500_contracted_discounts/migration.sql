-- CreateTable
CREATE TABLE "ContractedDiscount" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "priceId" TEXT,
    "productId" TEXT,
    "couponId" TEXT,
    "percentOff" DECIMAL(9,4),
    "amountOffMinor" BIGINT,
    "currency" TEXT,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validTo" TIMESTAMP(3),
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "ContractedDiscount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ContractedDiscount_customerId_validFrom_idx" ON "ContractedDiscount"("customerId", "validFrom");

-- AddForeignKey
ALTER TABLE "ContractedDiscount" ADD CONSTRAINT "ContractedDiscount_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

