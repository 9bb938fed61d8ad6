import type { PrismaClient } from '@opsboard/db';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { type Emit, type EventHub, type NewEvent, type Tx, writeEvents } from './events.ts';
import type { OutboundTransports } from '../notifications/transports.ts';
import type { WakeSignal } from './pubsub.ts';
import { enqueueWebhookDeliveries } from '../notifications/webhooks.ts';
import type { RateLimits } from './rate-limit.ts';
import type { Metrics } from './metrics.ts';
import type { WallboardService } from '../wallboard/service.ts';

/** What every service, job and resolver works with: one per server instance. */
export interface Runtime {
  config: Config;
  prisma: PrismaClient;
  clock: Clock;
  log: Logger;
  signal: WakeSignal;
  hub: EventHub;
  dbKind: 'pglite' | 'postgres';
  wallboard: WallboardService;
  /** Where notifications go out (SMTP, chat, webhooks). */
  outbound: OutboundTransports;
  metrics: Metrics;
  limits: RateLimits;
}

/**
 * Runs `work` in one transaction; the events it emits are written in that same transaction
 * and announced after commit. If anything throws, nothing is written.
 */
export async function transact<T>(rt: Runtime, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  const pending: NewEvent[] = [];
  const result = await rt.prisma.$transaction(
    async (tx) => {
      const value = await work(tx, (event) => pending.push(event));
      const written = await writeEvents(tx, pending, rt.clock.now());
      await enqueueWebhookDeliveries(tx, written, rt.clock.now());
      return value;
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
  if (pending.length) rt.signal.publish();
  return result;
}
