// Reads a graphql-ws subscription as a list the test can wait on.
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import type { TadaDocumentNode, VariablesArgs } from './graphql.ts';

export interface Stream<T> {
  /** Everything received so far. */
  received: T[];
  errors: unknown[];
  completed: boolean;
  /** Waits until `done(received)` holds (or fails after `timeoutMs`). */
  until(done: (received: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  /** Waits until at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  dispose(): void;
}

/** Subscribes with a typed document (see support/graphql.ts). */
export function subscribe<Result, Variables>(
  client: Client,
  document: TadaDocumentNode<Result, Variables>,
  ...[variables]: VariablesArgs<Variables>
): Stream<Result> {
  return subscribeRaw<Result>(client, print(document), variables ?? {});
}

/** Subscribes with a plain query string, for documents the schema refuses on purpose. */
export function subscribeRaw<T = unknown>(client: Client, query: string, variables: object = {}): Stream<T> {
  const wakers = new Set<() => void>();
  const wakeAll = () => wakers.forEach((w) => w());
  const stream: Stream<T> = {
    received: [],
    errors: [],
    completed: false,
    async until(done, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(stream.received)) {
        if (stream.errors.length) throw new Error(`subscription failed: ${describe(stream.errors[0])}`);
        if (stream.completed) throw new Error(`subscription completed after ${stream.received.length} messages`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out after ${stream.received.length} messages`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done_, left);
          function done_() {
            clearTimeout(timer);
            wakers.delete(done_);
            resolve();
          }
          wakers.add(done_);
        });
      }
      return stream.received;
    },
    waitFor(count, timeoutMs) {
      return stream.until((r) => r.length >= count, timeoutMs);
    },
    dispose: () => undefined,
  };
  stream.dispose = client.subscribe<T>(
    { query, variables: variables as Record<string, unknown> },
    {
      next: (message) => {
        if (message.errors) stream.errors.push(...message.errors);
        if (message.data) stream.received.push(message.data as T);
        wakeAll();
      },
      error: (error) => {
        stream.errors.push(error);
        wakeAll();
      },
      complete: () => {
        stream.completed = true;
        wakeAll();
      },
    },
  );
  return stream;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  if (error && typeof error === 'object' && 'code' in error)
    return `closed with ${(error as { code: number }).code} ${(error as { reason?: string }).reason ?? ''}`;
  return JSON.stringify(error);
}
