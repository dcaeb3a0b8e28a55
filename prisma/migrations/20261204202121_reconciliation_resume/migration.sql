-- AlterTable
ALTER TABLE "ReconciliationRun" ADD COLUMN     "cursor" TEXT,
ADD COLUMN     "listedFrom" TIMESTAMP(3),
ADD COLUMN     "progressAt" TIMESTAMP(3),
ADD COLUMN     "resource" TEXT;

-- CreateTable
CREATE TABLE "ReconciliationSeen" (
    "runId" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,

    CONSTRAINT "ReconciliationSeen_pkey" PRIMARY KEY ("runId","stripeId")
);

-- AddForeignKey
ALTER TABLE "ReconciliationSeen" ADD CONSTRAINT "ReconciliationSeen_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReconciliationRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

