// Scheduled jobs: node-cron decides when; a PostgreSQL transaction-level advisory lock decides who,
// so with several instances each run happens once. The lock dies with its transaction (and with a
// crashed holder's connection); on PGlite there is only one process anyway.
import { createHash } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Emit, Tx } from './events.ts';
import { type Deps, transact } from './db.ts';

export interface Job {
  name: string;
  /** A cron expression (node-cron, seconds optional), evaluated in `timeZone` or OPSBOARD_TIME_ZONE. */
  schedule: string;
  timeZone?: string;
  run(deps: Deps): Promise<unknown>;
}

/** Advisory-lock key of a job: stable across instances and releases. */
export function lockKey(name: string): bigint {
  return createHash('sha256').update(`opsboard:job:${name}`).digest().readBigInt64BE(0);
}

/**
 * Runs `work` in one transaction if no other instance is running the job of this name right now;
 * returns `{ ran: false }` without waiting otherwise. Events emitted in `work` commit with it.
 */
export async function runExclusive<T>(deps: Deps, name: string, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const outcome = await transact(deps, async (tx, emit) => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${lockKey(name)}::bigint) AS locked`;
      if (!row?.locked) return { ran: false as const };
      return { ran: true as const, result: await work(tx, emit) };
    });
    deps.hooks.jobRan(name, outcome.ran ? 'ran' : 'skipped', seconds());
    return outcome;
  } catch (error) {
    deps.hooks.jobRan(name, 'failed', seconds());
    throw error;
  }
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startJobs(deps: Deps, jobs: readonly Job[]): Scheduler {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      async () => {
        const started = Date.now();
        try {
          await job.run(deps);
          deps.log.debug({ job: job.name, ms: Date.now() - started }, 'job finished');
        } catch (error) {
          deps.log.error({ err: error, job: job.name }, 'job failed');
        }
      },
      { name: job.name, timezone: job.timeZone ?? deps.config.timeZone, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
