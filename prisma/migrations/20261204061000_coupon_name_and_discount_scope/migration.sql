-- AlterTable
ALTER TABLE "InvoiceDiscount" ADD COLUMN     "couponName" TEXT,
ADD COLUMN     "scope" TEXT NOT NULL DEFAULT 'invoice';

-- AlterTable
ALTER TABLE "InvoiceLineDiscount" ADD COLUMN     "couponName" TEXT;

