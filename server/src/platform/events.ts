// Events are data: every change writes its Event row in the same transaction, under a
// transaction-level advisory lock, so event ids become visible strictly in id order and a reader
// that has seen id N will never later find an id below N. Pub/sub only wakes readers up.
import type { Prisma, PrismaClient } from '@opsboard/db';
import type { Logger } from 'pino';
import { Channel } from './channel.ts';
import { eventsExpiredError } from './errors.ts';
import type { WakeSignal } from './pubsub.ts';

/** Topics of the event stream, one per domain. */
export const TOPICS = ['tickets', 'sla', 'escalations', 'incidents', 'oncall', 'metrics', 'system', 'health', 'triage'] as const;
export type Topic = (typeof TOPICS)[number];

export interface NewEvent {
  topic: Topic;
  type: string;
  entityType?: string;
  entityId?: string;
  payload: Prisma.InputJsonValue;
}

export interface EventRecord {
  id: bigint;
  topic: string;
  type: string;
  entityType: string | null;
  entityId: string | null;
  payload: unknown;
  createdAt: Date;
}

export type Tx = Prisma.TransactionClient;
export type Emit = (event: NewEvent) => void;

/** Key of the advisory lock that orders event writes (any constant; "opsb" in ASCII). */
const EVENT_LOCK = 0x6f707362;
const PAGE = 500;
/** Events the hub keeps in memory, so a client resuming from a recent id replays without a query. */
const RECENT = 5_000;

/** Writes events inside a transaction. Call it last, so the lock is held only until commit. */
export async function writeEvents(tx: Tx, events: NewEvent[], at: Date): Promise<EventRecord[]> {
  if (!events.length) return [];
  await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${EVENT_LOCK}::bigint)`;
  // One statement with one JSON parameter, in the order given: Prisma's createMany spends about
  // 2 ms per row on JSON payloads, which a sweep emitting hundreds of events would feel.
  const rows = events.map((e) => ({ topic: e.topic, type: e.type, entityType: e.entityType ?? null, entityId: e.entityId ?? null, payload: e.payload }));
  return tx.$queryRaw<EventRecord[]>`
    INSERT INTO "Event" (topic, type, "entityType", "entityId", payload, "createdAt")
    SELECT e.v->>'topic', e.v->>'type', e.v->>'entityType', e.v->>'entityId', e.v->'payload', ${at}::timestamptz
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(v, n)
     ORDER BY e.n
    RETURNING id, topic, type, "entityType", "entityId", payload, "createdAt"`;
}

type Listener = (batch: EventRecord[]) => void;

/**
 * One reader of the Event table per process: on every wake-up (and every `pollMs`, so a lost
 * signal costs at most that long) it reads what is new, once, and hands the batch to every
 * listener. Subscribers never query per event.
 */
export class EventHub {
  #cursor = 0n;
  #listeners = new Set<Listener>();
  /** The newest events read, in id order, covering every id in (#recentFrom, #cursor]. */
  #recent: EventRecord[] = [];
  #recentFrom = 0n;
  #reading = false;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #idle: Promise<void> = Promise.resolve();
  /** Events handed to subscriptions (one per subscriber per event; a plain count, read by the metrics at scrape time). */
  delivered = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly signal: WakeSignal,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const newest = await this.prisma.event.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    this.#cursor = newest?.id ?? 0n;
    this.#recentFrom = this.#cursor;
    this.#unsubscribe = this.signal.subscribe(() => void this.poll());
    this.#timer = setInterval(() => void this.poll(), this.pollMs);
    this.#timer.unref();
  }

  /** Newest event id handed to listeners. */
  get cursor(): bigint {
    return this.#cursor;
  }

  /** Registers a listener; it receives every event with an id above the returned cursor. */
  listen(listener: Listener): { cursor: bigint; stop: () => void } {
    this.#listeners.add(listener);
    return { cursor: this.#cursor, stop: () => this.#listeners.delete(listener) };
  }

  /**
   * Every event with an id above `after` up to the cursor, from memory (the same objects the
   * listeners got, so subscription executions are shared); undefined when `after` is older than
   * what is kept. Call it right after `listen`, in the same tick, to continue exactly at its cursor.
   */
  since(after: bigint): EventRecord[] | undefined {
    if (after < this.#recentFrom) return undefined;
    const recent = this.#recent;
    let low = 0;
    let high = recent.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (recent[mid]!.id <= after) low = mid + 1;
      else high = mid;
    }
    return recent.slice(low);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Reads and dispatches everything new; concurrent calls coalesce into one more pass. */
  poll(): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return this.#idle;
    }
    this.#reading = true;
    this.#idle = this.#read().finally(() => {
      this.#reading = false;
    });
    return this.#idle;
  }

  async #read(): Promise<void> {
    try {
      do {
        this.#again = false;
        for (;;) {
          const batch = await this.prisma.event.findMany({ where: { id: { gt: this.#cursor } }, orderBy: { id: 'asc' }, take: PAGE });
          const last = batch.at(-1);
          if (!last) break;
          this.#cursor = last.id;
          this.#recent.push(...batch);
          if (this.#recent.length > RECENT) this.#recentFrom = this.#recent.splice(0, this.#recent.length - RECENT).at(-1)!.id;
          for (const listener of this.#listeners) {
            try {
              listener(batch);
            } catch (error) {
              this.log.error({ err: error }, 'event listener failed');
            }
          }
          if (batch.length < PAGE) break;
        }
      } while (this.#again);
    } catch (error) {
      this.log.warn({ err: error }, 'reading new events failed; retrying on the next wake-up');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#listeners.clear();
    await this.#idle;
  }
}

export interface StreamOptions {
  /** Replay every event with an id above this first; without it, live events only. */
  after?: bigint | undefined;
  topics?: readonly string[] | undefined;
  filter?: (event: EventRecord) => boolean;
}

/**
 * Replay-then-live, in id order, with no gap and no duplicate at the switch: the listener is
 * registered before the replay starts and whatever it buffers is delivered only above the last
 * id the replay scanned.
 */
export function streamEvents(prisma: PrismaClient, hub: EventHub, options: StreamOptions): Channel<EventRecord> {
  const topics = options.topics?.length ? new Set(options.topics) : undefined;
  const matches = (e: EventRecord) => (!topics || topics.has(e.topic)) && (!options.filter || options.filter(e));
  const held: EventRecord[][] = [];
  let live = false;
  const registration = hub.listen((batch) => (live ? forward(batch) : held.push(batch)));
  const channel = new Channel<EventRecord>(registration.stop);
  let last = options.after ?? registration.cursor;

  function forward(batch: EventRecord[]): void {
    let delivered = 0;
    for (const event of batch) {
      if (event.id <= last) continue;
      last = event.id;
      if (!matches(event)) continue;
      channel.push(event);
      delivered += 1;
    }
    hub.delivered += delivered;
  }

  void (async () => {
    // A recent `after` replays from the hub's memory, in this same tick as `listen`; an older one from the table.
    const recent = options.after !== undefined ? hub.since(last) : undefined;
    if (recent) forward(recent);
    else if (options.after !== undefined) {
      for (;;) {
        const page = await prisma.event.findMany({ where: { id: { gt: last } }, orderBy: { id: 'asc' }, take: PAGE });
        forward(page);
        if (page.length < PAGE) break;
        await channel.drainedBelow(PAGE);
      }
    }
    for (const batch of held.splice(0)) forward(batch);
    live = true;
  })().catch((error: unknown) => channel.fail(error));

  return channel;
}

/**
 * Refuses a replay from `after` when the retention job has deleted events above it (EVENTS_EXPIRED):
 * the caller would silently miss them, so it must load afresh. One primary-key read of the horizon.
 */
export async function assertEventsKept(prisma: PrismaClient, after: bigint | undefined): Promise<void> {
  if (after === undefined) return;
  const horizon = await prisma.eventHorizon.findUnique({ where: { id: 1 }, select: { deletedThrough: true } });
  if (horizon && after < horizon.deletedThrough) throw eventsExpiredError(after);
}

export function parseEventId(value: string | null | undefined, field = 'after'): bigint | undefined {
  if (value === null || value === undefined) return undefined;
  if (!/^\d{1,19}$/.test(value)) throw new EventIdError(field, value);
  return BigInt(value);
}

export class EventIdError extends Error {
  readonly reason: string;
  constructor(
    readonly field: string,
    value: string,
  ) {
    const reason = `"${value.slice(0, 40)}" is not an event id (a non-negative integer)`;
    super(`${field}: ${reason}`);
    this.reason = reason;
  }
}
