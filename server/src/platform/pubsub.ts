// Pub/sub carries only a wake-up signal ("new events were committed"); the Event table is the record.
// In one process that is an in-memory signal; with REDIS_URL several instances share it.
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface WakeSignal {
  /** Tell every instance that new events were committed. */
  publish(): void;
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

export function createLocalSignal(): WakeSignal {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: () => emitter.emit('wake'),
    subscribe(listener) {
      emitter.on('wake', listener);
      return () => emitter.off('wake', listener);
    },
    close: async () => void emitter.removeAllListeners(),
  };
}

const CHANNEL = 'opsboard:events';

/**
 * The wake-up signal over Redis pub/sub, for several server instances. A message Redis drops
 * costs only latency: every instance also polls the Event table, and re-checks on reconnect.
 */
export async function createRedisSignal(url: string, log: Logger): Promise<WakeSignal> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n: number) => Math.min(200 * 2 ** n, 5_000) };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
  const local = createLocalSignal();
  for (const client of [publisher, subscriber]) client.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
  subscriber.on('message', (channel) => channel === CHANNEL && local.publish());
  // After a reconnect, messages may have been missed: look at the table once.
  subscriber.on('ready', () => local.publish());
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(CHANNEL);
  return {
    publish() {
      local.publish();
      publisher.publish(CHANNEL, '1').catch((error: unknown) => log.warn({ err: error }, 'redis publish failed; other instances catch up by polling'));
    },
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      await local.close();
      subscriber.disconnect();
      await publisher.quit().catch(() => publisher.disconnect());
    },
  };
}
