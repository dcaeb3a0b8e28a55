-- CreateTable
CREATE TABLE "MeterUsageSummary" (
    "id" TEXT NOT NULL,
    "customerStripeId" TEXT NOT NULL,
    "meterId" TEXT NOT NULL,
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3) NOT NULL,
    "aggregatedValue" DECIMAL(30,12) NOT NULL,
    "formula" TEXT,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MeterUsageSummary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MeterUsageSummary_customerStripeId_meterId_startTime_endTim_key" ON "MeterUsageSummary"("customerStripeId", "meterId", "startTime", "endTime");

