-- CreateEnum
CREATE TYPE "QualityCheck" AS ENUM ('CLEAR_AND_HELPFUL', 'FRIENDLY_PROFESSIONAL_TONE', 'ALL_QUESTIONS_ANSWERED', 'NEXT_STEPS', 'TIMELINE_SET', 'FOLLOW_UP_SCHEDULED', 'WAY_TO_CONTACT_US');

-- CreateTable
CREATE TABLE "ResponseReview" (
    "id" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "reviewerId" UUID,
    "passed" "QualityCheck"[] DEFAULT ARRAY[]::"QualityCheck"[],
    "reviewedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ResponseReview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ResponseReview_messageId_key" ON "ResponseReview"("messageId");

-- AddForeignKey
ALTER TABLE "ResponseReview" ADD CONSTRAINT "ResponseReview_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "TicketMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseReview" ADD CONSTRAINT "ResponseReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
