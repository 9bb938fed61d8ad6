// Subscription fan-out: each source event (an Event row, a wallboard update) is executed once per
// distinct (document, variables of the selection, auth scope) and serialised once; every subscriber
// of that group gets the same bytes, framed as a graphql-ws `next` message. The per-subscriber part
// is only its source stream (replay from its `after`, topic filter, no gap, no duplicate) and the
// socket write. A socket that does not keep up (more than `maxBufferedBytes` waiting to be written)
// is closed with 1013 "try again later"; its client reconnects and resumes from its last event id.
import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  executeSubscriptionEvent,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type ValidatedSubscriptionArgs,
  validateSubscriptionArgs,
  visit,
} from 'graphql';
import { maskError } from '../graphql/errors.ts';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { Channel, SubscriberBehindError } from '../platform/channel.ts';

/** Where one subscription's messages go, and which group shares its executions. */
export interface FanoutTarget {
  socket: WebSocket;
  /** The graphql-ws subscription id. */
  id: string;
  /** Executions are shared between subscriptions with the same key. */
  group: string;
}

interface Shared {
  json: string;
  /** The framed message per subscription id (clients reuse ids, so most groups need one). */
  frames: Map<string, Buffer>;
}

/** An execution still running, and the subscriptions to wake when it is done. */
interface Pending {
  promise: Promise<Shared>;
  waiters: (() => void)[];
}

type Entry = Shared | Pending | { error: unknown };

/** Where one subscription's frames go: its socket (and the raw one underneath), its id and the frame's start. */
interface Delivery {
  socket: WebSocket;
  id: string;
  raw: Duplex | undefined;
  prefix: string;
}

export interface FanoutOptions {
  /** Close a socket with more than this many bytes waiting to be written. */
  maxBufferedBytes: number;
  onSlowSocket?: (socket: WebSocket, bufferedBytes: number) => void;
}

/** Close code for a subscriber that fell behind: "try again later" (graphql-ws clients retry it). */
export const SLOW_CLIENT_CLOSE = 1013;

const UNEXPECTED = 'Unexpected error.';
/** Frames are prepared as bytes once; they go out as text messages. */
const TEXT = { binary: false } as const;

export class SubscriptionFanout {
  /** Source event → group → its execution, serialised. Weak: gone with the event. */
  #results = new WeakMap<object, Map<string, Entry>>();
  #corked = new Set<Duplex>();
  /** Counters for tests and metrics: executions run, and messages sent from a shared one. */
  executions = 0;
  sent = 0;
  /**
   * One string per group key in use (it holds the whole query), shared by the group's subscriptions
   * instead of a copy each, with how many hold it; dropped with the group's last subscription.
   */
  readonly #keys = new Map<string, { key: string; holders: number }>();

  /** Group keys held by live subscriptions (for tests). */
  get groupsInUse(): number {
    return this.#keys.size;
  }

  #holdKey(key: string): string {
    const held = this.#keys.get(key);
    if (!held) {
      this.#keys.set(key, { key, holders: 1 });
      return key;
    }
    held.holders += 1;
    return held.key;
  }

  #releaseKey(key: string): void {
    const held = this.#keys.get(key);
    if (held && --held.holders === 0) this.#keys.delete(key);
  }

  constructor(private readonly options: FanoutOptions) {}

  /**
   * The group key of a subscription: its document, operation name, auth scope, and the values of the
   * variables used inside the root field's selection. The root field's own arguments (`after`,
   * `topics`, `incidentId`) only shape the source stream: every subscription root field here
   * resolves to its source event unchanged, so they are left out and resumed clients share too.
   */
  static groupKey(
    query: string,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
    scope: string,
  ): string {
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
    );
    const used = new Set<string>();
    const collect = (node: Parameters<typeof visit>[0]) =>
      visit(node, {
        Variable(v) {
          used.add(v.name.value);
        },
      });
    for (const selection of operation?.selectionSet.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.selectionSet) collect(selection.selectionSet);
        for (const directive of selection.directives ?? []) collect(directive);
      } else collect(selection);
    }
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
    const values = [...used].sort().map((name) => [name, variables?.[name] ?? null]);
    return JSON.stringify([query, operationName ?? null, scope, values]);
  }

  /** graphql-ws's `subscribe`: the source stream of this subscription, delivered through the shared executions. */
  async subscribe(args: ExecutionArgs, target: FanoutTarget): Promise<AsyncGenerator<never, void, void> | ExecutionResult> {
    const validated = validateSubscriptionArgs(args);
    if (!('schema' in validated)) return { errors: validated.map(mask) };
    const source = await createSourceEventStream(validated);
    if (!isAsyncIterable(source)) return { ...source, errors: source.errors?.map(mask) };
    return this.#deliver(source[Symbol.asyncIterator](), validated, target);
  }

  /**
   * Holds a socket's writes until the current burst of deliveries is done, so the events of one
   * batch go out to it in one write (one system call) instead of one each. Under load batches grow,
   * so the cost per message falls as the backlog rises.
   */
  #cork(raw: Duplex): void {
    if (this.#corked.has(raw)) return;
    raw.cork();
    this.#corked.add(raw);
    if (this.#corked.size === 1) {
      // Runs once every pending promise reaction (every pump's deliveries of this batch) has run.
      process.nextTick(() => {
        for (const corked of this.#corked) corked.uncork();
        this.#corked.clear();
      });
    }
  }

  /**
   * The shared execution of `event` for `group`: done (its JSON), still running (with the
   * subscriptions waiting for it: one promise reaction per group wakes them all), or failed.
   */
  #execute(event: unknown, validated: ValidatedSubscriptionArgs, group: string): Entry {
    if (typeof event !== 'object' || event === null) return this.#start(event, validated, () => undefined);
    let byGroup = this.#results.get(event);
    if (!byGroup) this.#results.set(event, (byGroup = new Map()));
    const known = byGroup.get(group);
    if (known) return known;
    const groups = byGroup;
    const pending = this.#start(event, validated, (done) => groups.set(group, done));
    groups.set(group, pending);
    return pending;
  }

  /** Starts an execution; when it ends, `store` gets its result (or failure) and then its waiters are woken. */
  #start(event: unknown, validated: ValidatedSubscriptionArgs, store: (done: Shared | { error: unknown }) => void): Pending {
    const pending: Pending = { waiters: [], promise: this.#run(event, validated) };
    const settled = (done: Shared | { error: unknown }) => {
      store(done);
      for (const wake of pending.waiters.splice(0)) wake();
    };
    pending.promise.then(settled, (error: unknown) => settled({ error }));
    return pending;
  }

  async #run(event: unknown, validated: ValidatedSubscriptionArgs): Promise<Shared> {
    this.executions += 1;
    const result = await executeSubscriptionEvent({ ...validated, rootValue: event });
    const payload = result.errors ? { ...result, errors: result.errors.map((e) => mask(e).toJSON()) } : result;
    return { json: JSON.stringify(payload), frames: new Map() };
  }

  /** Writes one shared result to the subscription's socket, and closes a socket that has fallen too far behind. */
  #send(shared: Shared, { socket, id, raw, prefix }: Delivery): void {
    if (socket.readyState !== socket.OPEN) return; // closing: graphql-ws ends the subscription next
    let frame = shared.frames.get(id);
    if (!frame) shared.frames.set(id, (frame = raw ? textFrame(`${prefix}${shared.json}}`) : Buffer.from(`${prefix}${shared.json}}`)));
    if (raw) {
      this.#cork(raw);
      raw.write(frame);
    } else socket.send(frame, TEXT);
    this.sent += 1;
    if (socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.options.onSlowSocket?.(socket, socket.bufferedAmount);
      socket.close(SLOW_CLIENT_CLOSE, 'Too far behind: reconnect and resume from the last event id');
    }
  }

  /**
   * Delivers the source to the socket. What graphql-ws gets back never yields: it ends when the
   * source does (graphql-ws then sends `complete`), rejects when the source fails (`error`), and
   * its `return()` (the client's `complete`, or the socket closing) stops the delivery.
   *
   * A Channel source (every subscription here) is read synchronously: each event pushed into it is
   * written to the socket in the same call when its shared execution is done, or waits with the
   * rest of its group for that execution. Any other source is pumped with `await`.
   */
  #deliver(source: AsyncIterator<unknown>, validated: ValidatedSubscriptionArgs, target: FanoutTarget): AsyncGenerator<never, void, void> {
    let stopped = false;
    let settle!: (result: IteratorResult<never, void>) => void;
    let fail!: (error: unknown) => void;
    const finished = new Promise<IteratorResult<never, void>>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    finished.catch(() => undefined); // graphql-ws awaits it; this only keeps an early failure from counting as unhandled
    const group = this.#holdKey(target.group);
    let holdsKey = true;
    const end = (error?: unknown) => {
      stopped = true;
      if (holdsKey) {
        holdsKey = false;
        this.#releaseKey(group);
      }
      if (error === undefined) settle({ value: undefined, done: true });
      else fail(error instanceof SubscriberBehindError ? new GraphQLError(error.message) : mask(error));
    };
    const to: Delivery = {
      socket: target.socket,
      id: target.id,
      // The socket underneath: frames are written to it whole, in order with ws's own (ping, close) writes.
      raw: (target.socket as unknown as { _socket?: Duplex })._socket,
      prefix: `{"id":${JSON.stringify(target.id)},"type":"next","payload":`,
    };

    if (source instanceof Channel) {
      const channel = source as Channel<unknown>;
      const resume = () => channel.resume();
      const failed = (error: unknown) => {
        end(error);
        void channel.return();
        return true;
      };
      channel.consume((value) => {
        if (stopped) return true;
        try {
          const entry = this.#execute(value, validated, group);
          if ('waiters' in entry) {
            entry.waiters.push(resume);
            return false;
          }
          if ('error' in entry) return failed(entry.error);
          this.#send(entry, to);
          return true;
        } catch (error) {
          return failed(error);
        }
      }, end);
    } else {
      void (async () => {
        for (;;) {
          const next = await source.next();
          if (next.done || stopped) break;
          const entry = this.#execute(next.value, validated, group);
          if ('error' in entry) throw entry.error;
          const done = 'waiters' in entry ? await entry.promise : entry;
          if (stopped) break;
          this.#send(done, to);
        }
        end();
      })().catch((error: unknown) => end(error));
    }

    const generator: AsyncGenerator<never, void, void> = {
      next: () => finished,
      async return() {
        end();
        await source.return?.();
        return { value: undefined, done: true };
      },
      async throw(error: unknown) {
        end();
        await source.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return generator;
      },
    };
    return generator;
  }
}

/** A whole WebSocket text frame as a server sends it (final, unmasked; no extensions are negotiated here). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = 0x81;
  if (head === 2) frame[1] = length;
  else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, head);
  return frame;
}

function mask(error: unknown): GraphQLError {
  return maskError(error, UNEXPECTED) as GraphQLError;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}
