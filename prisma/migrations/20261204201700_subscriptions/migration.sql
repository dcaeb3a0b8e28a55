-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "customerId" TEXT,
    "status" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "collectionMethod" TEXT,
    "description" TEXT,
    "startDate" TIMESTAMP(3),
    "billingCycleAnchor" TIMESTAMP(3),
    "trialStart" TIMESTAMP(3),
    "trialEnd" TIMESTAMP(3),
    "cancelAt" TIMESTAMP(3),
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "canceledAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "pauseBehavior" TEXT,
    "pauseResumesAt" TIMESTAMP(3),
    "latestInvoiceId" TEXT,
    "defaultTaxRateIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "discountIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "lastEventAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionItem" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "priceId" TEXT NOT NULL,
    "quantity" BIGINT,
    "currentPeriodStart" TIMESTAMP(3),
    "currentPeriodEnd" TIMESTAMP(3),
    "taxRateIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "stripeCreated" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_stripeId_key" ON "Subscription"("stripeId");

-- CreateIndex
CREATE INDEX "Subscription_customerId_stripeCreated_id_idx" ON "Subscription"("customerId", "stripeCreated", "id");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionItem_stripeId_key" ON "SubscriptionItem"("stripeId");

-- CreateIndex
CREATE INDEX "SubscriptionItem_subscriptionId_idx" ON "SubscriptionItem"("subscriptionId");

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionItem" ADD CONSTRAINT "SubscriptionItem_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

