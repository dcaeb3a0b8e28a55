-- AlterTable
ALTER TABLE "Correction" ADD COLUMN     "rootCause" "RootCause";
