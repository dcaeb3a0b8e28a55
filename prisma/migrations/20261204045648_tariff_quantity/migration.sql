-- AlterTable
ALTER TABLE "Tariff" ADD COLUMN     "quantity" DECIMAL(30,12);

