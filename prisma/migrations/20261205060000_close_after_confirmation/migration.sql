-- CreateEnum
CREATE TYPE "Closure" AS ENUM ('USER_CONFIRMED', 'WITHOUT_CONFIRMATION', 'AUTO_CLOSED');

-- CreateEnum
CREATE TYPE "ConfirmationMethod" AS ENUM ('REPLY', 'EMAIL', 'PHONE', 'CHAT', 'IN_PERSON', 'OTHER');

-- AlterEnum
ALTER TYPE "MessageKind" ADD VALUE 'CONFIRMATION_REQUEST' AFTER 'AUTO_ACKNOWLEDGEMENT';

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "closeReason" TEXT,
ADD COLUMN     "closure" "Closure",
ADD COLUMN     "confirmationAskedAt" TIMESTAMPTZ(3),
ADD COLUMN     "confirmationRemindedAt" TIMESTAMPTZ(3);

-- Tickets closed before this rule: a recorded confirmation counts, a quiet-period close is one, the
-- rest were closed by an agent without one.
UPDATE "Ticket" t SET "closure" = CASE
    WHEN EXISTS (SELECT 1 FROM "TicketActivity" a WHERE a."ticketId" = t."id" AND a."action" = 'user_confirmed') THEN 'USER_CONFIRMED'::"Closure"
    WHEN EXISTS (SELECT 1 FROM "TicketActivity" a WHERE a."ticketId" = t."id" AND a."action" = 'auto_closed') THEN 'AUTO_CLOSED'::"Closure"
    ELSE 'WITHOUT_CONFIRMATION'::"Closure"
  END
  WHERE t."status" = 'CLOSED';
