// The transaction helper: a change and the events it emits commit together, or not at all.
import type { PrismaClient } from '@opsboard/db';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { type Emit, type EventRecord, type NewEvent, type Tx, writeEvents } from './events.ts';
import type { Outbound } from './outbound.ts';

/** Wired by the composition root, so the platform calls domains (and metrics) without importing them. */
export interface Hooks {
  /** Runs inside the transaction, after its events are written (e.g. outgoing webhook deliveries). */
  afterWrite(tx: Tx, written: EventRecord[], at: Date): Promise<void>;
  /** Runs after a commit that wrote events, with those events (wakes every reader of the event table, counts breaches). */
  afterCommit(events: readonly NewEvent[]): void;
  /** A `runExclusive` job finished: ran, skipped (another instance holds it) or failed. */
  jobRan(name: string, outcome: 'ran' | 'skipped' | 'failed', seconds: number): void;
  /** The outbox finished one attempt: sent, failed, or lost_claim (another worker had claimed the row meanwhile). */
  notificationOutcome(outcome: 'sent' | 'failed' | 'lost_claim'): void;
  /** The retention job deleted `count` old rows of `table`. */
  rowsDeleted(table: string, count: number): void;
}

/** What services work with: the database, the clock, the configuration, the logger, outgoing requests. */
export interface Deps {
  config: Config;
  prisma: PrismaClient;
  clock: Clock;
  log: Logger;
  hooks: Hooks;
  /** The only way out to health-check targets, webhooks, chat and SMTP (refuses non-public addresses). */
  outbound: Outbound;
}

export const noHooks: Hooks = {
  afterWrite: async () => undefined,
  afterCommit: () => undefined,
  jobRan: () => undefined,
  notificationOutcome: () => undefined,
  rowsDeleted: () => undefined,
};

/**
 * Runs `work` in one transaction; the events it emits are written in that same transaction
 * and announced after commit. If anything throws, nothing is written.
 */
export async function transact<T>(deps: Deps, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  const pending: NewEvent[] = [];
  const result = await deps.prisma.$transaction(
    async (tx) => {
      const value = await work(tx, (event) => pending.push(event));
      const written = await writeEvents(tx, pending, deps.clock.now());
      await deps.hooks.afterWrite(tx, written, deps.clock.now());
      return value;
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
  if (pending.length) deps.hooks.afterCommit(pending);
  return result;
}
