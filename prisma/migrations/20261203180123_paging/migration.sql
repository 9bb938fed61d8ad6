-- CreateEnum
CREATE TYPE "PageState" AS ENUM ('TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "PageStep" AS ENUM ('ON_CALL', 'SECONDARY', 'TECH_LEADS', 'MANAGERS');

-- CreateTable
CREATE TABLE "Page" (
    "id" UUID NOT NULL,
    "state" "PageState" NOT NULL DEFAULT 'TRIGGERED',
    "step" "PageStep" NOT NULL DEFAULT 'ON_CALL',
    "reason" TEXT NOT NULL,
    "suggested" BOOLEAN NOT NULL DEFAULT false,
    "afterHours" BOOLEAN NOT NULL DEFAULT false,
    "ticketId" UUID,
    "incidentId" UUID,
    "targetId" UUID,
    "acknowledgedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "nextEscalationAt" TIMESTAMPTZ(3),

    CONSTRAINT "Page_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageRecipient" (
    "id" UUID NOT NULL,
    "pageId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "step" "PageStep" NOT NULL,
    "notifiedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PageRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageLink" (
    "id" UUID NOT NULL,
    "pageId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PageLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Page_state_nextEscalationAt_idx" ON "Page"("state", "nextEscalationAt");

-- CreateIndex
CREATE INDEX "Page_ticketId_idx" ON "Page"("ticketId");

-- CreateIndex
CREATE INDEX "Page_incidentId_idx" ON "Page"("incidentId");

-- CreateIndex
CREATE INDEX "Page_createdAt_idx" ON "Page"("createdAt");

-- CreateIndex
CREATE INDEX "PageRecipient_userId_notifiedAt_idx" ON "PageRecipient"("userId", "notifiedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PageRecipient_pageId_userId_key" ON "PageRecipient"("pageId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "PageLink_tokenHash_key" ON "PageLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PageLink_pageId_idx" ON "PageLink"("pageId");

-- AddForeignKey
ALTER TABLE "Page" ADD CONSTRAINT "Page_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Page" ADD CONSTRAINT "Page_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Page" ADD CONSTRAINT "Page_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Page" ADD CONSTRAINT "Page_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageRecipient" ADD CONSTRAINT "PageRecipient_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageRecipient" ADD CONSTRAINT "PageRecipient_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageLink" ADD CONSTRAINT "PageLink_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageLink" ADD CONSTRAINT "PageLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
