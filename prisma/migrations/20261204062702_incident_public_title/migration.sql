-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "publicTitle" TEXT;
