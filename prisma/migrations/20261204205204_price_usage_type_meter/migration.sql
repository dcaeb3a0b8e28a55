-- AlterTable
ALTER TABLE "Price" ADD COLUMN     "meterId" TEXT,
ADD COLUMN     "usageType" TEXT;

