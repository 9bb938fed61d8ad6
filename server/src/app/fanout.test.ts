import { type ExecutionResult, GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { SLOW_CLIENT_CLOSE, SubscriptionFanout } from './fanout.ts';
import { Channel } from '../platform/channel.ts';

// A stand-in event source: every subscription gets its own channel, fed the same event objects (as the EventHub does).
const channels = new Set<Channel<{ id: number; label: string }>>();
let resolved = 0;
const Item = new GraphQLObjectType({
  name: 'Item',
  fields: {
    id: { type: GraphQLInt },
    label: { type: GraphQLString, resolve: (e: { label: string }) => ((resolved += 1), e.label.toUpperCase()) },
    tagged: { type: GraphQLString, args: { tag: { type: GraphQLString } }, resolve: (e: { label: string }, a: { tag: string }) => `${a.tag}:${e.label}` },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      // A source that is not a Channel: an async generator of two events, then the end.
      generated: {
        type: Item,
        subscribe: async function* () {
          yield { id: 40, label: 'forty' };
          yield { id: 41, label: 'forty-one' };
        },
        resolve: (e: unknown) => e,
      },
      // A source that holds at most two events while an execution runs.
      few: {
        type: Item,
        subscribe: () => {
          const channel: Channel<{ id: number; label: string }> = new Channel(() => channels.delete(channel), 2);
          channels.add(channel);
          return channel;
        },
        resolve: (e: unknown) => e,
      },
      items: {
        type: Item,
        args: { after: { type: GraphQLInt } },
        subscribe: () => {
          const channel: Channel<{ id: number; label: string }> = new Channel(() => channels.delete(channel));
          channels.add(channel);
          return channel;
        },
        resolve: (e: unknown) => e,
      },
    },
  }),
});
const publish = (event: { id: number; label: string }) => channels.forEach((c) => c.push(event));

class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closed: { code: number; reason: string } | undefined;
  /** Bytes each send adds to the buffer (a client that reads nothing). */
  constructor(private readonly backlogPerSend = 0) {}
  send(data: Buffer, options: { binary: boolean }) {
    expect(options.binary).toBe(false);
    this.sent.push(data.toString());
    this.bufferedAmount += this.backlogPerSend;
  }
  close(code: number, reason: string) {
    this.readyState = 2;
    this.closed = { code, reason };
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

async function open(fanout: SubscriptionFanout, socket: FakeSocket, query: string, variables: Record<string, unknown>, scope = 'r---', id = '1') {
  const document = parse(query);
  const group = SubscriptionFanout.groupKey(query, document, undefined, variables, scope);
  const result = await fanout.subscribe({ schema, document, variableValues: variables }, { socket: socket as unknown as WebSocket, id, group });
  if (!(Symbol.asyncIterator in result)) throw new Error(`subscribe failed: ${JSON.stringify(result)}`);
  const done = result.next();
  return { iterator: result, done };
}

describe('subscription fan-out', () => {
  it('executes each event once per group and sends every subscriber the same bytes under its own id', async () => {
    const fanout = new SubscriptionFanout({ maxBufferedBytes: 1 << 20 });
    const query = 'subscription ($after: Int) { items(after: $after) { id label } }';
    const sockets = Array.from({ length: 50 }, () => new FakeSocket());
    // Different `after` values shape only each one's source stream: still one group.
    const subs = await Promise.all(sockets.map((s, i) => open(fanout, s, query, { after: i }, 'r---', i % 2 ? 'a' : 'b')));
    const admin = new FakeSocket();
    await open(fanout, admin, query, { after: 0 }, 'ramA');
    resolved = 0;
    publish({ id: 1, label: 'one' });
    publish({ id: 2, label: 'two' });
    await settle();

    expect(fanout.executions).toBe(4); // 2 events × 2 groups (reader, admin), not × 51 subscribers
    expect(resolved).toBe(4);
    expect(sockets[0]!.sent).toEqual([
      '{"id":"b","type":"next","payload":{"data":{"items":{"id":1,"label":"ONE"}}}}',
      '{"id":"b","type":"next","payload":{"data":{"items":{"id":2,"label":"TWO"}}}}',
    ]);
    expect(sockets[1]!.sent[1]).toBe('{"id":"a","type":"next","payload":{"data":{"items":{"id":2,"label":"TWO"}}}}');
    for (const s of sockets) expect(s.sent.map((m) => JSON.parse(m).payload)).toEqual(sockets[0]!.sent.map((m) => JSON.parse(m).payload));
    expect(admin.sent).toHaveLength(2);

    // A client's `complete` (return) stops its stream and resolves what graphql-ws waits on.
    await subs[0]!.iterator.return(undefined);
    await expect(subs[0]!.done).resolves.toEqual({ value: undefined, done: true });
    publish({ id: 3, label: 'three' });
    await settle();
    expect(sockets[0]!.sent).toHaveLength(2);
    expect(sockets[2]!.sent).toHaveLength(3);
    for (const sub of subs) await sub.iterator.return(undefined);
  });

  it('holds one group key per group in use and lets it go with the last subscription', async () => {
    const fanout = new SubscriptionFanout({ maxBufferedBytes: 1 << 20 });
    const query = 'subscription ($after: Int) { items(after: $after) { id label } }';
    const readers = await Promise.all([1, 2, 3].map((after) => open(fanout, new FakeSocket(), query, { after })));
    const admin = await open(fanout, new FakeSocket(), query, { after: 0 }, 'ramA');
    expect(fanout.groupsInUse).toBe(2);
    await readers[0]!.iterator.return(undefined);
    await readers[1]!.iterator.return(undefined);
    await settle();
    expect(fanout.groupsInUse).toBe(2); // one reader is still subscribed
    await readers[2]!.iterator.return(undefined);
    await admin.iterator.return(undefined);
    await settle();
    expect(fanout.groupsInUse).toBe(0);
  });

  it('keeps variables used inside the selection apart', async () => {
    const fanout = new SubscriptionFanout({ maxBufferedBytes: 1 << 20 });
    const query = 'subscription ($tag: String) { items { tagged(tag: $tag) } }';
    const x = new FakeSocket();
    const y = new FakeSocket();
    const subs = [await open(fanout, x, query, { tag: 'x' }), await open(fanout, y, query, { tag: 'y' })];
    publish({ id: 4, label: 'four' });
    await settle();
    expect(fanout.executions).toBe(2);
    expect(JSON.parse(x.sent[0]!).payload.data.items.tagged).toBe('x:four');
    expect(JSON.parse(y.sent[0]!).payload.data.items.tagged).toBe('y:four');
    for (const sub of subs) await sub.iterator.return(undefined);
  });

  it('closes a socket that does not keep up with 1013 and stops writing to it', async () => {
    const slowClosed: number[] = [];
    const fanout = new SubscriptionFanout({ maxBufferedBytes: 1_000, onSlowSocket: (_s, bytes) => slowClosed.push(bytes) });
    const query = 'subscription { items { id } }';
    const slow = new FakeSocket(400);
    const fast = new FakeSocket();
    const subs = [await open(fanout, slow, query, {}), await open(fanout, fast, query, {})];
    for (let id = 10; id < 20; id += 1) publish({ id, label: 'x' });
    await settle();
    expect(slow.closed?.code).toBe(SLOW_CLIENT_CLOSE);
    expect(slow.closed?.reason).toMatch(/resume from the last event id/);
    expect(slow.sent).toHaveLength(3); // 1 200 bytes waiting after the third
    expect(slowClosed).toEqual([1_200]);
    expect(fast.sent).toHaveLength(10);
    for (const sub of subs) await sub.iterator.return(undefined);
  });

  it('delivers events pushed while their executions run after them, in order, and ends a subscription that falls behind', async () => {
    const fanout = new SubscriptionFanout({ maxBufferedBytes: 1 << 20 });
    const socket = new FakeSocket();
    const sub = await open(fanout, socket, 'subscription { items { id } }', {});
    const behind = new FakeSocket();
    const few = await open(fanout, behind, 'subscription { few { id } }', {});
    // All five are pushed before any execution has finished (executions complete asynchronously).
    for (let id = 30; id < 35; id += 1) publish({ id, label: 'x' });
    await settle();
    expect(socket.sent.map((m) => JSON.parse(m).payload.data.items.id)).toEqual([30, 31, 32, 33, 34]);
    await expect(few.done).rejects.toThrow(/fell behind.*after/);
    expect(behind.sent).toEqual([]);
    await sub.iterator.return(undefined);
    await few.iterator.return(undefined);
    expect(fanout.groupsInUse).toBe(0);
  });

  it('pumps a source that is not a Channel, in order, and ends when it does', async () => {
    const fanout = new SubscriptionFanout({ maxBufferedBytes: 1 << 20 });
    const socket = new FakeSocket();
    const sub = await open(fanout, socket, 'subscription { generated { id label } }', {});
    await expect(sub.done).resolves.toEqual({ value: undefined, done: true });
    expect(socket.sent.map((m) => JSON.parse(m).payload.data.generated)).toEqual([
      { id: 40, label: 'FORTY' },
      { id: 41, label: 'FORTY-ONE' },
    ]);
    expect(fanout.groupsInUse).toBe(0);
  });

  it('answers errors of the subscription itself at once', async () => {
    const fanout = new SubscriptionFanout({ maxBufferedBytes: 1 << 20 });
    const document = parse('subscription { nope { id } }');
    const result = await fanout.subscribe({ schema, document }, { socket: new FakeSocket() as unknown as WebSocket, id: '1', group: 'g' });
    expect(Symbol.asyncIterator in result).toBe(false);
    expect((result as ExecutionResult).errors?.[0]?.message).toMatch(/nope/);
  });
});
