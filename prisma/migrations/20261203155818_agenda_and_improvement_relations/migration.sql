-- AddForeignKey
ALTER TABLE "TriageAgendaItem" ADD CONSTRAINT "TriageAgendaItem_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageAgendaItem" ADD CONSTRAINT "TriageAgendaItem_suggestedOwnerId_fkey" FOREIGN KEY ("suggestedOwnerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageAgendaItem" ADD CONSTRAINT "TriageAgendaItem_decidedOwnerId_fkey" FOREIGN KEY ("decidedOwnerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcessReviewNote" ADD CONSTRAINT "ProcessReviewNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImprovementAction" ADD CONSTRAINT "ImprovementAction_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
