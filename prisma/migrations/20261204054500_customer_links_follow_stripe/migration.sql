-- CreateEnum
CREATE TYPE "CustomerLinkSource" AS ENUM ('EMAIL', 'STAFF');

-- CreateEnum
CREATE TYPE "ThresholdChangeStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'SUPERSEDED');

-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'DROPPED';

-- AlterTable
ALTER TABLE "UserCustomer" ADD COLUMN     "linkedById" TEXT,
ADD COLUMN     "source" "CustomerLinkSource" NOT NULL DEFAULT 'EMAIL';

-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "recipientCustomerId" TEXT,
ADD COLUMN     "recipientUserId" TEXT;

-- CreateTable
CREATE TABLE "ApprovalThresholdChange" (
    "id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "fromMinor" BIGINT,
    "toMinor" BIGINT NOT NULL,
    "status" "ThresholdChangeStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "requestedById" TEXT NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApprovalThresholdChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApprovalThresholdChange_status_createdAt_idx" ON "ApprovalThresholdChange"("status", "createdAt");

