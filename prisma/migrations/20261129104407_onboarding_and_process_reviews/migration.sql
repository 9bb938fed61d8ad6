-- CreateEnum
CREATE TYPE "ProcessReviewSection" AS ENUM ('WORKING_WELL', 'NOT_WORKING', 'CHANGE', 'TOOLS_NEEDED');

-- CreateEnum
CREATE TYPE "ImprovementKind" AS ENUM ('BUG_FIX', 'DOCUMENTATION', 'FEATURE', 'UX', 'PROCESS');

-- CreateEnum
CREATE TYPE "ImprovementStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE');

-- CreateTable
CREATE TABLE "OnboardingPlan" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "mentorId" UUID,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnboardingPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnboardingTick" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "doneAt" TIMESTAMPTZ(3) NOT NULL,
    "doneById" UUID,
    "note" TEXT,

    CONSTRAINT "OnboardingTick_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessReview" (
    "id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProcessReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessReviewNote" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "section" "ProcessReviewSection" NOT NULL,
    "body" TEXT NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProcessReviewNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImprovementAction" (
    "id" UUID NOT NULL,
    "reviewId" UUID,
    "title" TEXT NOT NULL,
    "kind" "ImprovementKind" NOT NULL,
    "ownerId" UUID NOT NULL,
    "dueDate" DATE NOT NULL,
    "status" "ImprovementStatus" NOT NULL DEFAULT 'OPEN',
    "ticketIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "doneAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImprovementAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingPlan_userId_key" ON "OnboardingPlan"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingTick_planId_key_key" ON "OnboardingTick"("planId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ProcessReview_month_key" ON "ProcessReview"("month");

-- CreateIndex
CREATE INDEX "ProcessReviewNote_authorId_idx" ON "ProcessReviewNote"("authorId");

-- CreateIndex
CREATE INDEX "ImprovementAction_status_dueDate_idx" ON "ImprovementAction"("status", "dueDate");

-- AddForeignKey
ALTER TABLE "OnboardingTick" ADD CONSTRAINT "OnboardingTick_planId_fkey" FOREIGN KEY ("planId") REFERENCES "OnboardingPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcessReviewNote" ADD CONSTRAINT "ProcessReviewNote_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "ProcessReview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImprovementAction" ADD CONSTRAINT "ImprovementAction_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "ProcessReview"("id") ON DELETE SET NULL ON UPDATE CASCADE;
