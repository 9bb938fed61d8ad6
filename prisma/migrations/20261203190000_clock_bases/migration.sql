-- Data only: P0 and P1 first response and user updates count calendar time (24/7), P2 and P3 count
-- business hours (server/src/seed/reference.ts). The seed never overwrites a stored policy, so this
-- brings the rows of existing databases in line: P1 first response moves to CALENDAR, P2/P3 user
-- updates to BUSINESS. A row is changed only while that target still holds the old default (minutes
-- and basis) and no SLA_POLICY_UPDATED event shows an admin setting either field: anything an admin
-- edited stays as it is. Clocks already running keep the target they started with.

-- P1 first response: 120 business minutes on every channel → 120 calendar minutes.
UPDATE "SlaPolicy" AS p
   SET "firstResponseBasis" = 'CALENDAR', "updatedAt" = CURRENT_TIMESTAMP
 WHERE p."priority" = 'P1'
   AND p."firstResponseBasis" = 'BUSINESS'
   AND p."firstResponseMinutes" = 120
   AND NOT EXISTS (
     SELECT 1 FROM "Event" AS e
      WHERE e."type" = 'SLA_POLICY_UPDATED' AND e."entityType" = 'SlaPolicy' AND e."entityId" = p."id"::text
        AND (e."payload" -> 'changes' -> 'firstResponseBasis' IS NOT NULL OR e."payload" -> 'changes' -> 'firstResponseMinutes' IS NOT NULL)
   );

-- P2 and P3 user updates: every 2880 calendar minutes → every 2880 business minutes.
UPDATE "SlaPolicy" AS p
   SET "userUpdateBasis" = 'BUSINESS', "updatedAt" = CURRENT_TIMESTAMP
 WHERE p."priority" IN ('P2', 'P3')
   AND p."userUpdateBasis" = 'CALENDAR'
   AND p."userUpdateMinutes" = 2880
   AND NOT EXISTS (
     SELECT 1 FROM "Event" AS e
      WHERE e."type" = 'SLA_POLICY_UPDATED' AND e."entityType" = 'SlaPolicy' AND e."entityId" = p."id"::text
        AND (e."payload" -> 'changes' -> 'userUpdateBasis' IS NOT NULL OR e."payload" -> 'changes' -> 'userUpdateMinutes' IS NOT NULL)
   );
