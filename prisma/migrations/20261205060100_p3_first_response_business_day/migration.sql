-- Data only: P3's first response "<24 hours" is read as one business day, 8 business hours of the
-- 09:00–17:00 calendar (server/src/seed/reference.ts), not 24 business hours (three working days).
-- The seed never overwrites a stored policy, so this brings the rows of existing databases in line.
-- A row changes only while it still holds the old default (1440 business minutes) and no
-- SLA_POLICY_UPDATED event shows an admin setting its first-response target: anything an admin edited
-- stays as it is. SOCIAL's 240 minutes (its own, stricter table) is not the old default and stays.
-- Clocks already running keep the target they started with.
UPDATE "SlaPolicy" AS p
   SET "firstResponseMinutes" = 480, "updatedAt" = CURRENT_TIMESTAMP
 WHERE p."priority" = 'P3'
   AND p."firstResponseBasis" = 'BUSINESS'
   AND p."firstResponseMinutes" = 1440
   AND NOT EXISTS (
     SELECT 1 FROM "Event" AS e
      WHERE e."type" = 'SLA_POLICY_UPDATED' AND e."entityType" = 'SlaPolicy' AND e."entityId" = p."id"::text
        AND (e."payload" -> 'changes' -> 'firstResponseBasis' IS NOT NULL OR e."payload" -> 'changes' -> 'firstResponseMinutes' IS NOT NULL)
   );
