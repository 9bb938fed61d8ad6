// A fleet of WebSocket clients that count every event they receive: latency (receive time minus
// the event's creation time), duplicates (an id not above the last one) and, against the list of
// events written, losses. graphql-ws clients speak the protocol directly on `ws` (cheap enough to
// run a thousand in one process) and resume by last id when their server goes away. A share of the
// clients can be TV wallboards instead: the web app's `wallboard` subscription with its selection,
// one message per change batch carrying the board and the batch's events. `pnpm bench` runs fleets
// in worker processes (fleet-worker.ts, remote-fleet.ts) so their CPU is counted apart from the server's.
import WebSocket from 'ws';
import { Latency, sleep } from './stats.ts';

export const SUBSCRIPTION = 'subscription ($after: ID) { events(after: $after, topics: ["tickets"]) { id type createdAt entityId payload } }';

/** The selection of web/src/routes/Wallboard.tsx with its fragments written out. */
export const WALLBOARD_SUBSCRIPTION = `subscription Wallboard($after: ID) {
  wallboard(after: $after) {
    wallboard {
      generatedAt lastEventId openTotal untriaged openByPriority { priority count }
      queueAge { oldestUnanswered { number title channel priority createdAt } buckets { label count } }
      newestTickets { id number title channel priority createdAt }
      onCall { rotationName now { name } next { name } nextHandoffAt }
      unacknowledgedPages { id targetName step suggested createdAt ticketNumber incidentNumber }
      sla { atRisk breached soonest { clockId ticketNumber priority kind state dueAt } }
      activeIncidents { id number title severity status commanderName nextUpdateDueAt lastEntries { kind body } }
      overduePostmortems { incidentId number title dueAt }
      health { id name status uptime24h }
    }
    events { id type createdAt entityType entityId payload }
  }
}`;

/** Whether client `index` of a fleet is a wallboard, spreading `share` of them evenly. */
export const isWallboard = (index: number, share: number) => Math.floor((index + 1) * share) > Math.floor(index * share);

export interface ClientState {
  wallboard: boolean;
  lastId: number;
  received: number;
  duplicates: number;
  reconnects: number;
  bytes: number;
}

export interface FleetOptions {
  mode: 'graphql' | 'raw';
  /** Per client: where to connect first, and where to go when that server goes away. */
  urls: (index: number) => string[];
  count: number;
  token?: string;
  /** Subscribe to events after this id (graphql mode). */
  after: number;
  /** Which clients subscribe to `wallboard` instead of `events` (graphql mode). */
  wallboard?: (index: number) => boolean;
}

export class Fleet {
  readonly latency = new Latency();
  /** Event-to-screen latency of the wallboard clients (every event of each batch). */
  readonly wallboardLatency = new Latency();
  readonly clients: ClientState[] = [];
  readonly sockets: (WebSocket | undefined)[] = [];
  #closing = false;
  messageBytes = 0;
  /** When the last event arrived at any client. */
  lastAt = 0;
  /** Only events with an id above this count (warm-up and replays excluded from latency). */
  measureAbove = 0;

  constructor(private readonly options: FleetOptions) {}

  async connect(batch = 50): Promise<void> {
    for (let i = 0; i < this.options.count; i += batch) {
      const group = [];
      for (let j = i; j < Math.min(this.options.count, i + batch); j += 1) {
        const wallboard = this.options.mode === 'graphql' && (this.options.wallboard?.(j) ?? false);
        this.clients[j] = { wallboard, lastId: this.options.after, received: 0, duplicates: 0, reconnects: 0, bytes: 0 };
        group.push(this.#open(j, 0));
      }
      await Promise.all(group);
    }
  }

  #open(index: number, attempt: number): Promise<void> {
    const urls = this.options.urls(index);
    const url = urls[Math.min(attempt, urls.length - 1)]!;
    const state = this.clients[index]!;
    const graphql = this.options.mode === 'graphql';
    return new Promise((resolve) => {
      const socket = new WebSocket(url, graphql ? 'graphql-transport-ws' : undefined, { perMessageDeflate: false });
      this.sockets[index] = socket;
      let ready = false;
      const settle = () => {
        if (!ready) {
          ready = true;
          resolve();
        }
      };
      socket.on('open', () => {
        if (!graphql) return settle();
        socket.send(JSON.stringify({ type: 'connection_init', payload: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {} }));
      });
      socket.on('message', (data: Buffer) => {
        state.bytes += data.length;
        if (graphql && !ready) {
          if (data.toString().includes('"connection_ack"')) {
            const query = state.wallboard ? WALLBOARD_SUBSCRIPTION : SUBSCRIPTION;
            socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { after: String(state.lastId) } } }));
            settle();
          }
          return;
        }
        this.#receive(state, data);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        settle();
        if (this.#closing) return;
        // The server went away: resume on the next one from the last id seen.
        state.reconnects += 1;
        if (state.reconnects <= 50) void sleep(100 + Math.random() * 400).then(() => this.#open(index, attempt + 1));
      });
    });
  }

  #receive(state: ClientState, data: Buffer): void {
    if (state.wallboard) return this.#receiveWallboard(state, data);
    // Cheap field extraction: a thousand clients at 50 events/s is 50 000 messages a second, so only
    // the bytes holding the id and the time are decoded (they come first in the selection).
    const at = Date.now();
    const bytes = data.length;
    const events = data.indexOf('"events":');
    const body = data.toString('latin1', Math.max(0, events), Math.min(bytes, Math.max(0, events) + 160));
    const rawId = (events >= 0 ? /"id":"(\d+)"/ : /"seq":(\d+)/).exec(body)?.[1];
    const created = (events >= 0 ? /"createdAt":"([^"]+)"/ : /"sentAt":(\d+)/).exec(body)?.[1];
    if (!rawId || !created) return;
    const id = Number(rawId);
    if (id <= state.lastId) {
      state.duplicates += 1;
      return;
    }
    state.lastId = id;
    state.received += 1;
    this.lastAt = at;
    if (id > this.measureAbove) {
      const sent = /^\d+$/.test(created) ? Number(created) : Date.parse(created);
      this.latency.add(at - sent);
      this.messageBytes = bytes;
    }
  }

  /** A wallboard message: the board and the events of one batch (a few a second, so parsed whole). */
  #receiveWallboard(state: ClientState, data: Buffer): void {
    const at = Date.now();
    let events: { id: string; createdAt: string }[];
    try {
      const message = JSON.parse(data.toString()) as { payload?: { data?: { wallboard?: { events?: { id: string; createdAt: string }[] } } } };
      events = message.payload?.data?.wallboard?.events ?? [];
    } catch {
      return;
    }
    for (const event of events) {
      const id = Number(event.id);
      if (id <= state.lastId) {
        state.duplicates += 1;
        continue;
      }
      state.lastId = id;
      state.received += 1;
      this.lastAt = at;
      if (id > this.measureAbove) this.wallboardLatency.add(at - Date.parse(event.createdAt));
    }
  }

  /** Sum over clients of events they should have and do not (ids are consecutive per stream). */
  lost(expected: number, wallboard = false): number {
    let lost = 0;
    for (const state of this.clients) if (state.wallboard === wallboard) lost += expected - Math.min(state.received, expected);
    return lost;
  }

  get duplicates(): number {
    return this.clients.reduce((sum, c) => sum + c.duplicates, 0);
  }

  get reconnects(): number {
    return this.clients.reduce((sum, c) => sum + c.reconnects, 0);
  }

  get received(): number {
    return this.clients.reduce((sum, c) => sum + c.received, 0);
  }

  /** The lowest last id over the event clients (wallboards batch and cap a batch at 50 events, so they are not waited for). */
  get minLastId(): number {
    let min = Number.MAX_SAFE_INTEGER;
    for (const c of this.clients) if (!c.wallboard && c.lastId < min) min = c.lastId;
    return min;
  }

  /** Waits until every event client has seen `lastId` (or the timeout passes). */
  async drain(lastId: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.minLastId < lastId) await sleep(100);
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const socket of this.sockets) socket?.terminate();
    await sleep(200);
  }
}
