// Bounded growth: the event log, health-check results, inbound deliveries, finished notifications
// and dead tokens are deleted once they are old enough that nothing reads them any more. Each batch
// of BATCH rows is its own short transaction (an index-backed DELETE), so the job never holds locks
// for long and a busy table keeps being written while it runs.
import { Prisma } from '@opsboard/db';
import { type Deps } from '../platform/db.ts';
import { lockKey } from '../platform/jobs.ts';

export const RETENTION_JOB = 'retention';

/** Rows per DELETE statement (and transaction). */
export const RETENTION_BATCH = 5_000;

const DAY = 86_400_000;

/** Health-check results: uptime looks back 30 days at most (`uptime30d`), one more day of margin. */
export const HEALTH_RESULT_DAYS = 31;
/** Inbound deliveries: a webhook redelivered a month later is not expected (GitHub keeps 3 days). */
export const INBOUND_DELIVERY_DAYS = 30;
/** Notifications delivered, dead (gave up) or suppressed: the delivery log of the last month. */
export const NOTIFICATION_DAYS = 30;
/** Sessions and display tokens this long after they expired or were revoked. */
export const TOKEN_DAYS = 7;

export type RetainedTable = 'Event' | 'HealthCheckResult' | 'InboundDelivery' | 'Notification' | 'AuthToken';

export interface RetentionResult {
  /** False when another instance was deleting (it holds the job's lock); this one stopped. */
  ran: boolean;
  deleted: Record<RetainedTable, number>;
}

/** Which rows of each table are old enough to delete at `now` (a WHERE condition, with an ORDER BY where an index gives the oldest first); every condition has an index behind it. */
function expired(deps: Deps, now: Date): Record<RetainedTable, Prisma.Sql> {
  const before = (days: number) => new Date(now.getTime() - days * DAY);
  return {
    // INCIDENT_UPDATE_OVERDUE events of an incident still open stay: its postmortem counts them when it resolves.
    Event: Prisma.sql`"createdAt" < ${before(deps.config.eventRetentionDays)}
      AND NOT (type = 'INCIDENT_UPDATE_OVERDUE' AND "entityId" IN (SELECT id::text FROM "Incident" WHERE "resolvedAt" IS NULL))
      ORDER BY "createdAt"`,
    HealthCheckResult: Prisma.sql`"checkedAt" < ${before(HEALTH_RESULT_DAYS)} ORDER BY "checkedAt"`,
    InboundDelivery: Prisma.sql`"receivedAt" < ${before(INBOUND_DELIVERY_DAYS)} ORDER BY "receivedAt"`,
    // PENDING and FAILED (to be retried) are still in the outbox, whatever their age.
    Notification: Prisma.sql`status IN ('DELIVERED', 'DEAD', 'SUPPRESSED') AND "createdAt" < ${before(NOTIFICATION_DAYS)}`,
    AuthToken: Prisma.sql`("expiresAt" < ${before(TOKEN_DAYS)} OR "revokedAt" < ${before(TOKEN_DAYS)})`,
  };
}

/**
 * Deletes one batch of `table` under the job's advisory lock (taken per batch: one instance deletes,
 * the others see it held and stop); null when another instance holds it. For the event log it also
 * moves the horizon (the highest id deleted) that replays are checked against, in the same transaction.
 */
async function deleteBatch(deps: Deps, table: RetainedTable, where: Prisma.Sql, now: Date): Promise<number | null> {
  return deps.prisma.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${lockKey(RETENTION_JOB)}::bigint) AS locked`;
    if (!lock?.locked) return null;
    const name = Prisma.raw(`"${table}"`);
    const [row] = await tx.$queryRaw<{ count: number; through: bigint | null }[]>`
      WITH gone AS (DELETE FROM ${name} WHERE id IN (SELECT id FROM ${name} WHERE ${where} LIMIT ${RETENTION_BATCH}) RETURNING id)
      SELECT count(*)::int AS count, ${table === 'Event' ? Prisma.sql`max(id)` : Prisma.sql`NULL::bigint`} AS through FROM gone`;
    if (row?.through != null)
      await tx.$executeRaw`
        INSERT INTO "EventHorizon" (id, "deletedThrough", "updatedAt") VALUES (1, ${row.through}, ${now})
        ON CONFLICT (id) DO UPDATE SET "deletedThrough" = GREATEST("EventHorizon"."deletedThrough", EXCLUDED."deletedThrough"), "updatedAt" = EXCLUDED."updatedAt"`;
    return row?.count ?? 0;
  });
}

/** The job (hourly): every table in turn, batch after batch until a batch comes back short. */
export async function runRetention(deps: Deps): Promise<RetentionResult> {
  const started = performance.now();
  const now = deps.clock.now();
  const deleted: Record<RetainedTable, number> = { Event: 0, HealthCheckResult: 0, InboundDelivery: 0, Notification: 0, AuthToken: 0 };
  let ran = true;
  try {
    tables: for (const [table, where] of Object.entries(expired(deps, now)) as [RetainedTable, Prisma.Sql][]) {
      for (;;) {
        const count = await deleteBatch(deps, table, where, now);
        if (count === null) {
          ran = false;
          break tables;
        }
        deleted[table] += count;
        if (count) deps.hooks.rowsDeleted(table, count);
        if (count < RETENTION_BATCH) break;
      }
    }
  } catch (error) {
    deps.hooks.jobRan(RETENTION_JOB, 'failed', (performance.now() - started) / 1000);
    throw error;
  }
  deps.hooks.jobRan(RETENTION_JOB, ran ? 'ran' : 'skipped', (performance.now() - started) / 1000);
  if (Object.values(deleted).some(Boolean)) deps.log.info({ job: RETENTION_JOB, deleted }, 'deleted rows past their retention period');
  return { ran, deleted };
}
