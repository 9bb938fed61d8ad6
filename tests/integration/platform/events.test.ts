// The event stream's contract: replay after a cursor, then live, in id order, no gaps, no duplicates —
// across concurrent writers and server restarts.
import { createTicket as createTicketService } from '@opsboard/server/tickets/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTicket } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { subscribe } from '../../support/stream.ts';
import { graphql } from '../../support/graphql.ts';

const EVENTS = graphql(`
  subscription ($after: ID, $topics: [String!]) {
    events(after: $after, topics: $topics) {
      id
      topic
      type
      createdAt
      entityId
      payload
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

const ids = (received: { events: { id: string } }[]) => received.map((r) => BigInt(r.events.id));
const newestId = async () => (await server.app.rt.prisma.event.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0n;
const allIdsAfter = async (after: bigint) =>
  (await server.app.rt.prisma.event.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, select: { id: true } })).map((e) => e.id);

describe('events subscription', () => {
  it('replays exactly the events after N, then continues live with no duplicate at the switch', async () => {
    const start = await newestId();
    const early = [await createTicket(server), await createTicket(server), await createTicket(server)];
    const afterFirst = (await allIdsAfter(start))[0]!;

    const stream = subscribe(server.ws(), EVENTS, { after: afterFirst.toString() });
    await stream.waitFor(2);
    const late = [await createTicket(server), await createTicket(server)];
    await stream.waitFor(4);

    expect(stream.received.map((r) => r.events.entityId)).toEqual([early[1]!.id, early[2]!.id, late[0]!.id, late[1]!.id]);
    expect(ids(stream.received)).toEqual(await allIdsAfter(afterFirst));
    expect(stream.received[0]!.events).toMatchObject({
      topic: 'tickets',
      type: 'TICKET_CREATED',
      payload: { ticket: { number: early[1]!.number, status: 'NEW' } },
    });
    stream.dispose();
  });

  it('replays everything with after: "0" and only live events without after', async () => {
    const everything = subscribe(server.ws(), EVENTS, { after: '0' });
    const total = await server.app.rt.prisma.event.count();
    await everything.waitFor(total);
    expect(ids(everything.received)).toEqual(await allIdsAfter(0n));

    const before = await newestId();
    const liveOnly = subscribe(
      server.ws(),
      graphql(`
        subscription {
          events {
            id
            type
          }
        }
      `),
    );
    // Nothing tells a client when the server has registered its subscription, so write until the
    // live stream sees something; it must never see anything older than its start.
    const made: string[] = [];
    while (!liveOnly.received.length) {
      made.push((await createTicket(server)).id);
      await liveOnly.until((r) => r.length > 0, 250).catch(() => undefined);
    }
    await everything.waitFor(total + made.length);
    expect(ids(liveOnly.received).every((id) => id > before)).toBe(true);
    expect(everything.received.slice(total).map((r) => r.events.entityId)).toEqual(made);
    everything.dispose();
    liveOnly.dispose();
  });

  it('filters by topic and rejects unknown topics and malformed cursors', async () => {
    const sla = subscribe(server.ws(), EVENTS, { after: '0', topics: ['sla'] });
    const tickets = subscribe(server.ws(), EVENTS, { after: (await newestId()).toString(), topics: ['tickets'] });
    const made = await createTicket(server);
    await tickets.waitFor(1);
    expect(tickets.received[0]!.events.entityId).toBe(made.id);
    expect(sla.received).toEqual([]);

    const unknown = subscribe(server.ws(), EVENTS, { topics: ['nope'] });
    await expect(unknown.waitFor(1)).rejects.toThrow('topics: unknown topic "nope"');
    const malformed = subscribe(server.ws(), EVENTS, { after: '12abc' });
    await expect(malformed.waitFor(1)).rejects.toThrow('after: "12abc" is not an event id');
    sla.dispose();
    tickets.dispose();
  });

  it('never lets a resuming client skip an event written by concurrent transactions', async () => {
    const start = await newestId();
    const watcher = subscribe(server.ws(), EVENTS, { after: start.toString() });
    // A client that keeps reconnecting with its last id while 40 writers commit at once.
    const resumed: bigint[] = [];
    let cursor = start;
    const writers = Array.from({ length: 40 }, (_, i) =>
      createTicketService(server.app.rt, null, { title: `Concurrent ${i}`, description: 'load', channel: 'WEB' }),
    );
    const resumer = (async () => {
      while (resumed.length < 40) {
        const stream = subscribe(server.ws(), EVENTS, { after: cursor.toString() });
        await stream.until((r) => r.length >= 1 || resumed.length >= 40, 5_000).catch(() => undefined);
        stream.dispose();
        for (const id of ids(stream.received)) {
          if (id > cursor) {
            resumed.push(id);
            cursor = id;
          }
        }
      }
    })();
    await Promise.all(writers);
    await watcher.waitFor(40);
    await resumer;
    const expected = await allIdsAfter(start);
    expect(expected).toHaveLength(40);
    expect(ids(watcher.received)).toEqual(expected);
    expect(resumed).toEqual(expected);
    watcher.dispose();
  });

  it('refuses a WebSocket with a wrong or no token at connection_init (4401) and keeps serving others', async () => {
    const stream = subscribe(server.ws({ token: 'ops_this-token-does-not-exist' }), EVENTS, {});
    await expect(stream.waitFor(1)).rejects.toThrow(/4401/);
    const anonymous = subscribe(server.ws({ token: null }), EVENTS, {});
    await expect(anonymous.waitFor(1)).rejects.toThrow(/4401/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('restarts', () => {
  it('loses nothing for a client that resumes with its last id after a server restart', async () => {
    const first = subscribe(server.ws(), EVENTS, { after: (await newestId()).toString() });
    const before = await createTicket(server);
    await first.waitFor(1);
    const lastSeen = first.received[0]!.events.id;

    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await server.restart();
    // Open sockets are told the server is going away, so clients reconnect at once.
    expect(await closed).toBe(1001);
    // Written after the restart, before the client is back.
    const during = await createTicket(server);
    const resumed = subscribe(server.ws(), EVENTS, { after: lastSeen });
    await resumed.waitFor(1);
    const after = await createTicket(server);
    await resumed.waitFor(2);

    expect(first.received[0]!.events.entityId).toBe(before.id);
    expect(resumed.received.map((r) => r.events.entityId)).toEqual([during.id, after.id]);
    const read = await server.gql(
      graphql(`
        query ($n: String!) {
          ticket(number: $n) {
            id
          }
        }
      `),
      { n: before.number },
    );
    expect(read.data?.ticket).toEqual({ id: before.id });
    resumed.dispose();
  });
});

describe('wallboard subscription', () => {
  it('sends the current board, then a fresh one with the events of each change', async () => {
    const after = (await newestId()).toString();
    const stream = subscribe(
      server.ws(),
      graphql(`
        subscription ($after: ID) {
          wallboard(after: $after) {
            wallboard {
              lastEventId
              openTotal
              newestTickets {
                number
              }
            }
            events {
              id
              type
            }
          }
        }
      `),
      { after },
    );
    await stream.waitFor(1);
    const initial = stream.received[0]!.wallboard;
    expect(initial.events).toEqual([]);

    const made = await createTicket(server, { title: 'Wallboard sees this' });
    const [, update] = await stream.until((r) => r.some((m) => m.wallboard.wallboard.newestTickets.some((t) => t.number === made.number)));
    const last = stream.received.at(-1)!.wallboard;
    expect(last.wallboard.openTotal).toBe(initial.wallboard.openTotal + 1);
    expect(stream.received.flatMap((m) => m.wallboard.events.map((e) => e.type))).toEqual(['TICKET_CREATED']);
    expect(BigInt(last.wallboard.lastEventId)).toBeGreaterThan(BigInt(after));
    expect(update).toBeDefined();
    stream.dispose();
  });
});
