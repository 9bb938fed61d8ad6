-- CreateIndex
CREATE INDEX "Ticket_closedAt_createdAt_idx" ON "Ticket"("closedAt", "createdAt");
