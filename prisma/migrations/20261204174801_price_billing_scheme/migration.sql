-- AlterTable
ALTER TABLE "Price" ADD COLUMN     "billingScheme" TEXT,
ADD COLUMN     "tiers" JSONB,
ADD COLUMN     "tiersMode" TEXT,
ADD COLUMN     "transformQuantity" JSONB;

