-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "appliedObjects" JSONB;

