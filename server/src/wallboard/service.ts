// The wallboard's aggregates, computed once per change (at most every `minIntervalMs`) and the
// same snapshot handed to every display: no query per subscriber per event.
import { type Channel as TicketChannel, Priority, Prisma, type TicketStatus } from '@opsboard/db';
import type { EventRecord } from '../platform/events.ts';
import { Channel } from '../platform/channel.ts';
import type { Deps } from '../platform/db.ts';
import type { EventHub } from '../platform/events.ts';

/** The wallboard reads the event hub's cursor and listens to it. */
type WallboardDeps = Deps & { hub: EventHub };
import { type SlaSummary, slaSummary } from '../sla/service.ts';
import { type WallboardIncident, type WallboardPostmortem, wallboardIncidents } from '../incidents/service.ts';
import { type WallboardOnCall, wallboardOnCall } from '../oncall/service.ts';
import { type HealthSummaryItem, healthSummary } from '../healthchecks/service.ts';
import { type WallboardPage, wallboardPages } from '../paging/service.ts';
import { formatTicketNumber, OPEN_STATUSES } from '../tickets/model.ts';

export interface WallboardTicket {
  id: string;
  number: string;
  title: string;
  channel: TicketChannel;
  status: TicketStatus;
  priority: Priority | null;
  createdAt: Date;
  ownerName: string | null;
}

export interface Wallboard {
  generatedAt: Date;
  lastEventId: bigint;
  openTotal: number;
  untriaged: number;
  openByPriority: { priority: Priority; count: number }[];
  queueAge: { oldestUnanswered: WallboardTicket | null; buckets: { label: string; minHours: number; maxHours: number | null; count: number }[] };
  newestTickets: WallboardTicket[];
  sla: SlaSummary;
  /** The default rotation: on call now, next, and the handoff. */
  onCall: WallboardOnCall | null;
  /** Pages nobody has acknowledged yet: who is asked and since when. */
  unacknowledgedPages: WallboardPage[];
  /** Open war rooms: commander, status, last timeline entries, next update due. */
  activeIncidents: WallboardIncident[];
  overduePostmortems: WallboardPostmortem[];
  /** Service health checks: status and 24 h uptime. */
  health: HealthSummaryItem[];
}

export interface WallboardUpdate {
  wallboard: Wallboard;
  events: EventRecord[];
}

const PRIORITIES = Object.values(Priority);
/** Age buckets of unanswered open tickets, in hours. */
export const AGE_BUCKETS = [
  { label: '< 1 h', minHours: 0, maxHours: 1 },
  { label: '1–4 h', minHours: 1, maxHours: 4 },
  { label: '4–24 h', minHours: 4, maxHours: 24 },
  { label: '1–3 days', minHours: 24, maxHours: 72 },
  { label: '> 3 days', minHours: 72, maxHours: null },
] as const;
const NEWEST = 10;
/** Queue ages move with time alone: a snapshot older than this is recomputed, and displays get a fresh one. */
const MAX_AGE_MS = 30_000;
const REPLAYED_EVENTS = 50;

export async function computeWallboard(deps: WallboardDeps): Promise<Wallboard> {
  const lastEventId = deps.hub.cursor;
  const now = deps.clock.now();
  const open = { status: { in: [...OPEN_STATUSES] } };
  const ticketSelect = {
    id: true,
    number: true,
    title: true,
    channel: true,
    status: true,
    priority: true,
    createdAt: true,
    owner: { select: { name: true } },
  } as const;
  const [byPriority, untriaged, oldest, newest, sla, buckets, onCall, incidents, health, pages] = await Promise.all([
    deps.prisma.ticket.groupBy({ by: ['priority'], where: open, _count: { _all: true } }),
    deps.prisma.ticket.count({ where: { ...open, priority: null } }),
    deps.prisma.ticket.findFirst({ where: { ...open, firstRespondedAt: null }, orderBy: { createdAt: 'asc' }, select: ticketSelect }),
    deps.prisma.ticket.findMany({ where: open, orderBy: [{ createdAt: 'desc' }, { number: 'desc' }], take: NEWEST, select: ticketSelect }),
    slaSummary(deps),
    deps.prisma.$queryRaw<{ bucket: number; count: bigint }[]>`
      SELECT CASE
               WHEN age < interval '1 hour' THEN 0
               WHEN age < interval '4 hours' THEN 1
               WHEN age < interval '24 hours' THEN 2
               WHEN age < interval '72 hours' THEN 3
               ELSE 4
             END AS bucket,
             count(*) AS count
        FROM (SELECT ${now}::timestamptz - "createdAt" AS age
                FROM "Ticket"
               WHERE status IN (${Prisma.join(OPEN_STATUSES.map((s) => Prisma.sql`${s}::"TicketStatus"`))})
                 AND "firstRespondedAt" IS NULL) AS unanswered
       GROUP BY bucket`,
    wallboardOnCall(deps),
    wallboardIncidents(deps),
    healthSummary(deps),
    wallboardPages(deps),
  ]);
  const toTicket = (t: NonNullable<typeof oldest>): WallboardTicket => ({
    id: t.id,
    number: formatTicketNumber(deps.config.ticketPrefix, t.number),
    title: t.title,
    channel: t.channel,
    status: t.status,
    priority: t.priority,
    createdAt: t.createdAt,
    ownerName: t.owner?.name ?? null,
  });
  const countOf = (p: Priority) => byPriority.find((row) => row.priority === p)?._count._all ?? 0;
  return {
    generatedAt: now,
    lastEventId,
    openTotal: byPriority.reduce((sum, row) => sum + row._count._all, 0),
    untriaged,
    openByPriority: PRIORITIES.map((priority) => ({ priority, count: countOf(priority) })),
    queueAge: {
      oldestUnanswered: oldest ? toTicket(oldest) : null,
      buckets: AGE_BUCKETS.map((b, i) => ({ ...b, count: Number(buckets.find((row) => Number(row.bucket) === i)?.count ?? 0) })),
    },
    newestTickets: newest.map(toTicket),
    sla,
    onCall,
    unacknowledgedPages: pages,
    ...incidents,
    health,
  };
}

export class WallboardService {
  #current: Promise<Wallboard> | undefined;
  #stale = true;
  #pending: EventRecord[] = [];
  #listeners = new Set<(update: WallboardUpdate) => void>();
  #timer: NodeJS.Timeout | undefined;
  #lastFlush = 0;
  #stopListening: (() => void) | undefined;
  #computedAt = 0;
  #refresh: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: WallboardDeps,
    private readonly minIntervalMs = 250,
  ) {}

  start(): void {
    this.#stopListening = this.deps.hub.listen((batch) => {
      this.#stale = true;
      if (!this.#listeners.size) return;
      this.#pending.push(...batch);
      if (this.#pending.length > REPLAYED_EVENTS) this.#pending.splice(0, this.#pending.length - REPLAYED_EVENTS);
      this.#schedule();
    }).stop;
    this.#refresh = setInterval(() => {
      if (this.#listeners.size) this.#schedule();
    }, MAX_AGE_MS);
    this.#refresh.unref();
  }

  stop(): void {
    this.#stopListening?.();
    clearTimeout(this.#timer);
    clearInterval(this.#refresh);
    this.#listeners.clear();
  }

  /** The latest snapshot; recomputed only when something changed since the last one. */
  current(): Promise<Wallboard> {
    if (this.#stale || !this.#current || this.deps.clock.now().getTime() - this.#computedAt >= MAX_AGE_MS) {
      this.#computedAt = this.deps.clock.now().getTime();
      this.#stale = false;
      const next = computeWallboard(this.deps);
      next.catch(() => {
        this.#stale = true;
      });
      this.#current = next;
    }
    return this.#current;
  }

  /** First the current snapshot with the events after `after` (the newest 50), then one update per change batch. */
  subscribe(after: bigint | undefined): Channel<WallboardUpdate> {
    const held: WallboardUpdate[] = [];
    let ready = false;
    let last = after ?? this.deps.hub.cursor;
    const channel = new Channel<WallboardUpdate>(() => this.#listeners.delete(listener), 100);
    const deliver = (update: WallboardUpdate) => {
      // Events are in id order: when the first is new, all are (no copy, no filter per display).
      const first = update.events[0];
      const events = !first || first.id > last ? update.events : update.events.filter((e) => e.id > last);
      last = events.at(-1)?.id ?? last;
      // The same object for every display that saw everything before it, so it is executed and serialised once.
      channel.push(events === update.events ? update : { wallboard: update.wallboard, events });
    };
    const listener = (update: WallboardUpdate) => (ready ? deliver(update) : held.push(update));
    this.#listeners.add(listener);
    void (async () => {
      const wallboard = await this.current();
      const events =
        after === undefined
          ? []
          : (await this.deps.prisma.event.findMany({ where: { id: { gt: after } }, orderBy: { id: 'desc' }, take: REPLAYED_EVENTS })).reverse();
      deliver({ wallboard, events });
      for (const update of held.splice(0)) deliver(update);
      ready = true;
    })().catch((error: unknown) => channel.fail(error));
    return channel;
  }

  #schedule(): void {
    if (this.#timer) return;
    const wait = Math.max(0, this.#lastFlush + this.minIntervalMs - Date.now());
    this.#timer = setTimeout(() => void this.#flush(), wait);
  }

  async #flush(): Promise<void> {
    this.#lastFlush = Date.now();
    const events = this.#pending.splice(0);
    try {
      // One update object for every display: the fan-out executes and serialises once per object
      // (and group), so an object per listener would execute the whole board once per display.
      const update: WallboardUpdate = { wallboard: await this.current(), events };
      for (const listener of this.#listeners) listener(update);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'wallboard refresh failed');
    } finally {
      this.#timer = undefined;
      if (this.#pending.length) this.#schedule();
    }
  }
}
