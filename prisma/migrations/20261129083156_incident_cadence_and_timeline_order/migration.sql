-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "lastStatusPageReminderAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "IncidentTimelineEntry" ADD COLUMN     "seq" SERIAL NOT NULL;
