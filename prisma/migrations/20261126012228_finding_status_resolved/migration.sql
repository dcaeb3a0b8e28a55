-- AlterEnum
ALTER TYPE "FindingStatus" ADD VALUE 'RESOLVED';

