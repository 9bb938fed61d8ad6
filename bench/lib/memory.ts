// Memory per connection of the servers: resident memory and heap added by connecting the clients,
// both samples (before and idle) taken after a forced full GC through the server's inspector, so the
// figure does not move with the garbage of the moment; and, to compare with earlier runs, the resident
// memory added without a collection before the idle sample.
import { collectGarbage } from './inspector.ts';
import { sampleProc } from './proc.ts';
import type { Child } from './server.ts';

/** How long a server is left after the forced GC before it is sampled (ms). */
const SETTLE_MS = Number(process.env.BENCH_GC_SETTLE_MS ?? 500);

export interface ConnectionMemory {
  /** Resident memory added per connection, both samples after a forced full GC (absent when a server has no inspector of the benchmark's). */
  bytesPerConnection?: number;
  /** Heap used added per connection, both samples after a forced full GC (absent likewise). */
  heapBytesPerConnection?: number;
  /** Resident memory added per connection, the idle sample without a collection (the figure of earlier runs). */
  rssBytesPerConnectionNoGc: number;
}

interface Settled {
  rssBytes: number;
  heapUsedBytes: number;
}

/** RSS (from /proc) and heap used of a server after a forced full GC and SETTLE_MS; undefined without the inspector. */
async function afterGc(server: Child): Promise<Settled | undefined> {
  if (!server.inspector) return undefined;
  try {
    const usage = await collectGarbage(server.inspector, { times: 2, settleMs: SETTLE_MS });
    return { rssBytes: sampleProc(server.pid).rssBytes, heapUsedBytes: usage.heapUsed };
  } catch (error) {
    console.warn(`[bench] ${server.name}: no forced GC (${(error as Error).message}); memory per connection without it`);
    return undefined;
  }
}

/**
 * Samples the servers, runs `connect` (connecting the clients and letting them settle), samples them
 * again and returns the memory added per connection, summed over the servers.
 */
export async function connectionMemory(servers: Child[], clients: number, connect: () => Promise<void>): Promise<ConnectionMemory> {
  // The no-GC sample first, from the state earlier runs sampled (the collection for the other one shrinks the heap).
  const before = servers.map((s) => sampleProc(s.pid));
  const beforeGc = await Promise.all(servers.map(afterGc));
  await connect();
  const idle = servers.map((s) => sampleProc(s.pid));
  const idleGc = await Promise.all(servers.map(afterGc));
  const perConnection = (bytes: number) => Math.round(bytes / Math.max(1, clients));
  const sum = (f: (i: number) => number) => servers.reduce((total, _, i) => total + f(i), 0);
  const memory: ConnectionMemory = { rssBytesPerConnectionNoGc: perConnection(sum((i) => idle[i]!.rssBytes - before[i]!.rssBytes)) };
  if (beforeGc.every(Boolean) && idleGc.every(Boolean)) {
    memory.bytesPerConnection = perConnection(sum((i) => idleGc[i]!.rssBytes - beforeGc[i]!.rssBytes));
    memory.heapBytesPerConnection = perConnection(sum((i) => idleGc[i]!.heapUsedBytes - beforeGc[i]!.heapUsedBytes));
  }
  return memory;
}

const kib = (bytes: number | undefined) => (bytes === undefined ? '–' : String(Math.round(bytes / 1024)));

/** "RSS after GC / heap after GC / RSS without GC" in KiB, for logs and tables. */
export const memoryCell = (m: Partial<ConnectionMemory>) =>
  `${kib(m.bytesPerConnection)} / ${kib(m.heapBytesPerConnection)} / ${kib(m.rssBytesPerConnectionNoGc)}`;
