-- The backlog of a report (server/src/reports/service.ts, backlog()) at millions of tickets: the open counted
-- tickets by priority and age, and those with an overdue response, read from two small partial indexes
-- (index-only) instead of the whole Ticket and SlaClock tables. The predicates repeat the queries' literals.

-- CreateIndex
CREATE INDEX "Ticket_open_counted_idx" ON "Ticket"("priority", "createdAt", "id")
  WHERE "status" IN ('NEW', 'TRIAGED', 'IN_PROGRESS', 'WAITING_ON_USER') AND NOT "isSpam" AND NOT "isTest" AND "mergedIntoId" IS NULL;

-- CreateIndex
CREATE INDEX "SlaClock_overdue_response_idx" ON "SlaClock"("ticketId")
  WHERE "state" = 'BREACHED' AND "metAt" IS NULL AND "kind" IN ('FIRST_RESPONSE', 'USER_UPDATE');
