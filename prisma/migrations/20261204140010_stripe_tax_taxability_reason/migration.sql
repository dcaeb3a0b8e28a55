-- AlterTable
ALTER TABLE "InvoiceTax" ADD COLUMN     "taxabilityReason" TEXT;

-- AlterTable
ALTER TABLE "InvoiceLineTax" ADD COLUMN     "taxabilityReason" TEXT;

