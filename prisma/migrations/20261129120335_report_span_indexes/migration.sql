-- CreateIndex
CREATE INDEX "Ticket_resolvedAt_createdAt_idx" ON "Ticket"("resolvedAt", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_createdAt_firstRespondedAt_idx" ON "Ticket"("createdAt", "firstRespondedAt");
