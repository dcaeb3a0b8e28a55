-- CreateTable
CREATE TABLE "StripeApiBudget" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "rate" DOUBLE PRECISION NOT NULL,
    "capacity" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "granted" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "StripeApiBudget_pkey" PRIMARY KEY ("key")
);

