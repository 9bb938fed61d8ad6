-- AlterTable
ALTER TABLE "TriageMeeting" ADD COLUMN     "escalationIds" UUID[] DEFAULT ARRAY[]::UUID[];
