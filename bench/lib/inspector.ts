// Talks to a server process's V8 inspector (the benchmark starts its servers with --inspect on a random
// loopback port): forces a full garbage collection and reads process.memoryUsage(), so memory figures
// do not depend on how much garbage the process happens to hold at the moment of the sample.
import WebSocket from 'ws';

/** The inspector's WebSocket URL from a "Debugger listening on ws://…" line of the process's stderr. */
export function inspectorUrl(line: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
}

/** Lines Node writes to stderr about the inspector itself (not the server's output). */
export const isInspectorNotice = (line: string) =>
  /^(Debugger listening on |Debugger attached\.|Debugger ending on |Waiting for the debugger to disconnect|For help, see: https:\/\/nodejs\.org\/en\/docs\/inspector)/.test(
    line,
  );

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

type Send = (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Opens one inspector session, runs `work` with a `send` for protocol commands, and closes the session. */
async function session<T>(url: string, work: (send: Send) => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  let next = 0;
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting) return; // an event, not an answer
    pending.delete(message.id!);
    if (message.error) waiting.reject(new Error(`inspector: ${message.error.message}`));
    else waiting.resolve(message.result ?? {});
  });
  socket.on('close', () => failAll(new Error('inspector: the session closed')));
  socket.on('error', (error) => failAll(error));
  const timer = setTimeout(() => socket.terminate(), timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const send: Send = (method, params = {}) =>
      new Promise((resolve, reject) => {
        next += 1;
        pending.set(next, { resolve, reject });
        socket.send(JSON.stringify({ id: next, method, params }));
      });
    return await work(send);
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}

/**
 * Forces a full garbage collection in the process behind `url` (`times` collections, so that what the
 * first one's finalizers released goes too), lets it settle `settleMs` and returns its
 * process.memoryUsage() then.
 */
export function collectGarbage(url: string, { times = 2, settleMs = 500 } = {}): Promise<MemoryUsage> {
  return session(url, async (send) => {
    for (let i = 0; i < times; i += 1) await send('HeapProfiler.collectGarbage');
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const answer = (await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result?: { value?: unknown };
      exceptionDetails?: unknown;
    };
    if (answer.exceptionDetails || typeof answer.result?.value !== 'string') throw new Error('inspector: process.memoryUsage() failed');
    return JSON.parse(answer.result.value) as MemoryUsage;
  });
}
