-- Daily rollups of the report metrics (server/src/reports/rollups.ts, docs/metrics.md "Daily rollups").
-- A local day (OPSBOARD_TIME_ZONE) is rolled up once it has ended: a change to a ticket, clock, escalation
-- or CSAT answer appends the hours it touches to "ReportRollupChange" in its own transaction, and a report
-- reads a rolled-up day only while no pending change touches it (from the rows otherwise), so a report is
-- never stale: the minute job recomputes the touched days and clears the changes it consumed.

-- CreateTable
CREATE TABLE "ReportRollupDay" (
    "day" DATE NOT NULL,
    "timeZone" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "calendarKey" TEXT NOT NULL,
    "builtAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportRollupDay_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "ReportRollupCount" (
    "day" DATE NOT NULL,
    "measure" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "calSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "busSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "within" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReportRollupCount_pkey" PRIMARY KEY ("day", "measure", "key")
);

-- CreateTable
CREATE TABLE "ReportRollupBucket" (
    "day" DATE NOT NULL,
    "measure" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "ReportRollupBucket_pkey" PRIMARY KEY ("day", "measure", "key", "bucket")
);

-- CreateTable
CREATE TABLE "ReportRollupChange" (
    "id" BIGSERIAL NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportRollupChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportRollupChange_hour_idx" ON "ReportRollupChange"("hour");

-- Trigger function bodies are E'' strings with \073 for each semicolon: migrations are applied statement by statement.

-- The hours a statement's ticket rows touch: created, resolved and closed (and the CSAT answer, whose
-- counting follows the ticket's spam, test and merge flags). Updates log only rows whose report fields changed.
CREATE FUNCTION "report_rollup_ticket_changed"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN IF TG_OP = ''INSERT'' THEN INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', v.x) FROM new_rows n CROSS JOIN LATERAL (VALUES (n."createdAt"), (n."resolvedAt"), (n."closedAt")) v(x) WHERE v.x IS NOT NULL\073 ELSIF TG_OP = ''DELETE'' THEN INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', v.x) FROM old_rows o CROSS JOIN LATERAL (VALUES (o."createdAt"), (o."resolvedAt"), (o."closedAt")) v(x) WHERE v.x IS NOT NULL\073 ELSE INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', v.x) FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o."createdAt"), (o."resolvedAt"), (o."closedAt"), (n."createdAt"), (n."resolvedAt"), (n."closedAt"), ((SELECT r."answeredAt" FROM "CsatResponse" r WHERE r."ticketId" = n.id))) v(x) WHERE v.x IS NOT NULL AND ROW(o."createdAt", o."firstRespondedAt", o."resolvedAt", o."closedAt", o."reopenCount", o.channel, o.type, o.priority, o.tags, o.title, o."ownerId", o."escalationLevel", o."isSpam", o."isTest", o."mergedIntoId") IS DISTINCT FROM ROW(n."createdAt", n."firstRespondedAt", n."resolvedAt", n."closedAt", n."reopenCount", n.channel, n.type, n.priority, n.tags, n.title, n."ownerId", n."escalationLevel", n."isSpam", n."isTest", n."mergedIntoId")\073 END IF\073 RETURN NULL\073 END';

CREATE TRIGGER "Ticket_rollup_insert" AFTER INSERT ON "Ticket" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_ticket_changed"();
CREATE TRIGGER "Ticket_rollup_update" AFTER UPDATE ON "Ticket" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_ticket_changed"();
CREATE TRIGGER "Ticket_rollup_delete" AFTER DELETE ON "Ticket" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_ticket_changed"();

-- SLA clocks count by their ticket's creation (attainment): updates log only a changed state, kind or ticket.
CREATE FUNCTION "report_rollup_clock_changed"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN IF TG_OP = ''INSERT'' THEN INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', t."createdAt") FROM new_rows n JOIN "Ticket" t ON t.id = n."ticketId"\073 ELSIF TG_OP = ''DELETE'' THEN INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', t."createdAt") FROM old_rows o JOIN "Ticket" t ON t.id = o."ticketId"\073 ELSE INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', t."createdAt") FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN "Ticket" t ON t.id IN (o."ticketId", n."ticketId") WHERE ROW(o."ticketId", o.kind, o.state) IS DISTINCT FROM ROW(n."ticketId", n.kind, n.state)\073 END IF\073 RETURN NULL\073 END';

CREATE TRIGGER "SlaClock_rollup_insert" AFTER INSERT ON "SlaClock" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_clock_changed"();
CREATE TRIGGER "SlaClock_rollup_update" AFTER UPDATE ON "SlaClock" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_clock_changed"();
CREATE TRIGGER "SlaClock_rollup_delete" AFTER DELETE ON "SlaClock" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_clock_changed"();

-- An escalation makes its ticket escalated (counted on the ticket's creation day).
CREATE FUNCTION "report_rollup_escalation_changed"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN IF TG_OP = ''INSERT'' THEN INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', t."createdAt") FROM new_rows n JOIN "Ticket" t ON t.id = n."ticketId"\073 ELSE INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', t."createdAt") FROM old_rows o JOIN "Ticket" t ON t.id = o."ticketId"\073 END IF\073 RETURN NULL\073 END';

CREATE TRIGGER "Escalation_rollup_insert" AFTER INSERT ON "Escalation" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_escalation_changed"();
CREATE TRIGGER "Escalation_rollup_delete" AFTER DELETE ON "Escalation" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_escalation_changed"();

-- CSAT answers count by the hour they were answered (a late answer touches its own day).
CREATE FUNCTION "report_rollup_csat_changed"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN IF TG_OP = ''INSERT'' THEN INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', n."answeredAt") FROM new_rows n WHERE n."answeredAt" IS NOT NULL\073 ELSIF TG_OP = ''DELETE'' THEN INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', o."answeredAt") FROM old_rows o WHERE o."answeredAt" IS NOT NULL\073 ELSE INSERT INTO "ReportRollupChange" ("hour") SELECT DISTINCT date_trunc(''hour'', v.x) FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o."answeredAt"), (n."answeredAt")) v(x) WHERE v.x IS NOT NULL AND ROW(o."ticketId", o.rating, o."answeredAt") IS DISTINCT FROM ROW(n."ticketId", n.rating, n."answeredAt")\073 END IF\073 RETURN NULL\073 END';

CREATE TRIGGER "CsatResponse_rollup_insert" AFTER INSERT ON "CsatResponse" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_csat_changed"();
CREATE TRIGGER "CsatResponse_rollup_update" AFTER UPDATE ON "CsatResponse" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_csat_changed"();
CREATE TRIGGER "CsatResponse_rollup_delete" AFTER DELETE ON "CsatResponse" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "report_rollup_csat_changed"();
