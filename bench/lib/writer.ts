// Writes events the way a server instance does (the event advisory lock, one row per event) and
// announces them on Redis, so the fan-out is measured apart from the cost of a ticket write.
import { Socket } from 'node:net';
import type pg from 'pg';
import { Latency, sleep } from './stats.ts';

const EVENT_LOCK = 0x6f707362; // the key events.ts takes

/** A minimal Redis PUBLISH over one TCP connection (no client library needed for one command). */
export async function redisPublisher(url: string): Promise<{ publish(): void; close(): void }> {
  const target = new URL(url);
  const socket = new Socket();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(Number(target.port || 6379), target.hostname, () => resolve());
  });
  socket.on('data', () => undefined);
  const command = '*3\r\n$7\r\nPUBLISH\r\n$15\r\nopsboard:events\r\n$1\r\n1\r\n';
  return { publish: () => void socket.write(command), close: () => socket.destroy() };
}

export async function writeEvents(
  db: pg.Client,
  publish: () => void,
  payload: unknown,
  rate: number,
  seconds: number,
  onTick?: (i: number) => void,
): Promise<{ sent: number; failed: number; mutationMs: ReturnType<Latency['summary']> }> {
  const write = new Latency();
  const total = Math.round(rate * seconds);
  const started = Date.now();
  const json = JSON.stringify(payload);
  let failed = 0;
  for (let i = 0; i < total; i += 1) {
    const wait = started + (i * 1000) / rate - Date.now();
    if (wait > 0) await sleep(wait);
    const began = Date.now();
    try {
      await db.query(
        `WITH locked AS (SELECT pg_advisory_xact_lock(${EVENT_LOCK}::bigint))
         INSERT INTO "Event" (topic, type, "entityType", "entityId", payload, "createdAt")
         SELECT 'tickets', 'TICKET_UPDATED', 'Ticket', $1, $2::jsonb, $3 FROM locked`,
        [`bench-${i}`, json, new Date()],
      );
      publish();
      write.add(Date.now() - began);
    } catch {
      failed += 1;
    }
    onTick?.(i);
  }
  return { sent: total - failed, failed, mutationMs: write.summary() };
}
