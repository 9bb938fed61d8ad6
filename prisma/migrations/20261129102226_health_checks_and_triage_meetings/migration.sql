-- CreateEnum
CREATE TYPE "HealthCheckStatus" AS ENUM ('UNKNOWN', 'UP', 'DEGRADED', 'DOWN');

-- CreateEnum
CREATE TYPE "TriageMeetingKind" AS ENUM ('DAILY', 'WEEKLY');

-- CreateEnum
CREATE TYPE "TriageMeetingStatus" AS ENUM ('PLANNED', 'DONE');

-- CreateTable
CREATE TABLE "HealthCheck" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "intervalSeconds" INTEGER NOT NULL,
    "timeoutMs" INTEGER NOT NULL DEFAULT 5000,
    "expectedStatus" INTEGER NOT NULL DEFAULT 200,
    "latencyThresholdMs" INTEGER,
    "failuresBeforeIncident" INTEGER NOT NULL,
    "showOnStatusPage" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "status" "HealthCheckStatus" NOT NULL DEFAULT 'UNKNOWN',
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "lastCheckedAt" TIMESTAMPTZ(3),
    "lastLatencyMs" INTEGER,
    "lastError" TEXT,
    "nextCheckAt" TIMESTAMPTZ(3) NOT NULL,
    "openTicketId" UUID,
    "downSince" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HealthCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthCheckResult" (
    "id" BIGSERIAL NOT NULL,
    "checkId" UUID NOT NULL,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "statusCode" INTEGER,
    "latencyMs" INTEGER,
    "error" TEXT,

    CONSTRAINT "HealthCheckResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriageMeeting" (
    "id" UUID NOT NULL,
    "kind" "TriageMeetingKind" NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "status" "TriageMeetingStatus" NOT NULL DEFAULT 'PLANNED',
    "summary" JSONB,
    "builtAt" TIMESTAMPTZ(3) NOT NULL,
    "doneAt" TIMESTAMPTZ(3),
    "doneById" UUID,
    "attendeeIds" UUID[] DEFAULT ARRAY[]::UUID[],

    CONSTRAINT "TriageMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriageAgendaItem" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "suggestedPriority" "Priority" NOT NULL,
    "suggestedReason" TEXT NOT NULL,
    "suggestedTeam" TEXT NOT NULL,
    "suggestedOwnerId" UUID,
    "decidedPriority" "Priority",
    "decidedOwnerId" UUID,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "TriageAgendaItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HealthCheck_name_key" ON "HealthCheck"("name");

-- CreateIndex
CREATE INDEX "HealthCheck_enabled_nextCheckAt_idx" ON "HealthCheck"("enabled", "nextCheckAt");

-- CreateIndex
CREATE INDEX "HealthCheckResult_checkId_checkedAt_idx" ON "HealthCheckResult"("checkId", "checkedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TriageMeeting_kind_startsAt_key" ON "TriageMeeting"("kind", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "TriageAgendaItem_meetingId_ticketId_key" ON "TriageAgendaItem"("meetingId", "ticketId");

-- AddForeignKey
ALTER TABLE "HealthCheckResult" ADD CONSTRAINT "HealthCheckResult_checkId_fkey" FOREIGN KEY ("checkId") REFERENCES "HealthCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageAgendaItem" ADD CONSTRAINT "TriageAgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "TriageMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
