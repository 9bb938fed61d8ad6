// Scheduled jobs: node-cron decides when; a PostgreSQL transaction-level advisory lock decides who,
// so with several instances each run happens once. The lock dies with its transaction (and with a
// crashed holder's connection); on PGlite there is only one process anyway.
import { createHash } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Emit, Tx } from './events.ts';
import { type Runtime, transact } from './runtime.ts';

export interface Job {
  name: string;
  /** A cron expression (node-cron, seconds optional), evaluated in `timeZone` or OPSBOARD_TIME_ZONE. */
  schedule: string;
  timeZone?: string;
  run(rt: Runtime): Promise<unknown>;
}

/** Advisory-lock key of a job: stable across instances and releases. */
export function lockKey(name: string): bigint {
  return createHash('sha256').update(`opsboard:job:${name}`).digest().readBigInt64BE(0);
}

/**
 * Runs `work` in one transaction if no other instance is running the job of this name right now;
 * returns `{ ran: false }` without waiting otherwise. Events emitted in `work` commit with it.
 */
export async function runExclusive<T>(rt: Runtime, name: string, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
  const started = performance.now();
  try {
    const outcome = await transact(rt, async (tx, emit) => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${lockKey(name)}::bigint) AS locked`;
      if (!row?.locked) return { ran: false as const };
      return { ran: true as const, result: await work(tx, emit) };
    });
    rt.metrics.jobRuns.inc({ job: name, outcome: outcome.ran ? 'ran' : 'skipped' });
    if (outcome.ran) rt.metrics.jobDuration.observe({ job: name }, (performance.now() - started) / 1000);
    return outcome;
  } catch (error) {
    rt.metrics.jobRuns.inc({ job: name, outcome: 'failed' });
    throw error;
  }
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startJobs(rt: Runtime, jobs: readonly Job[]): Scheduler {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      async () => {
        const started = Date.now();
        try {
          await job.run(rt);
          rt.log.debug({ job: job.name, ms: Date.now() - started }, 'job finished');
        } catch (error) {
          rt.log.error({ err: error, job: job.name }, 'job failed');
        }
      },
      { name: job.name, timezone: job.timeZone ?? rt.config.timeZone, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
