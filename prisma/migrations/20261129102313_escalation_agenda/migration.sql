-- CreateEnum
CREATE TYPE "EscalationAgenda" AS ENUM ('DAILY_STANDUP', 'WEEKLY_REVIEW');

-- AlterTable
ALTER TABLE "Escalation" ADD COLUMN     "agenda" "EscalationAgenda",
ADD COLUMN     "discussedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Escalation_agenda_discussedAt_idx" ON "Escalation"("agenda", "discussedAt");
