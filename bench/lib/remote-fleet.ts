// The client fleet spread over worker processes (fleet-worker.ts), so that the benchmark's own
// clients are separate processes: their CPU is measured (and reported) apart from the server's.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerRequest, WorkerSetup, WorkerStats } from './fleet-worker.ts';
import { type ProcSample, sampleProc } from './proc.ts';
import { Latency, sleep } from './stats.ts';

const script = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url));

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

class Worker {
  readonly proc: ChildProcess;
  #next = 0;
  #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor() {
    this.proc = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiting = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.result);
    });
    this.proc.on('exit', () => {
      for (const waiting of this.#pending.values()) waiting.reject(new Error('fleet worker exited'));
      this.#pending.clear();
    });
  }

  ask<T>(request: Request): Promise<T> {
    const id = (this.#next += 1);
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.proc.send({ ...request, id });
    });
  }
}

export interface FleetStats {
  /** Events received by the `events` clients (wallboards apart). */
  received: number;
  wallboardReceived: number;
  duplicates: number;
  reconnects: number;
  messageBytes: number;
  lastAt: number;
  lost: number;
  wallboardLost: number;
  latency: Latency;
  wallboardLatency: Latency;
}

export interface RemoteFleetOptions extends Omit<WorkerSetup, 'offset' | 'count'> {
  count: number;
  /** Worker processes (BENCH_CLIENT_PROCESSES). */
  processes: number;
}

export class RemoteFleet {
  readonly #workers: Worker[];
  readonly wallboards: number;

  constructor(private readonly options: RemoteFleetOptions) {
    this.#workers = Array.from({ length: Math.max(1, Math.min(options.processes, options.count)) }, () => new Worker());
    let wallboards = 0;
    for (let i = 0; i < options.count; i += 1) if (Math.floor((i + 1) * options.wallboardShare) > Math.floor(i * options.wallboardShare)) wallboards += 1;
    this.wallboards = options.mode === 'graphql' ? wallboards : 0;
  }

  get pids(): number[] {
    return this.#workers.map((w) => w.proc.pid!);
  }

  /** CPU and memory of every worker process (for coresBetween, summed by the caller). */
  sample(): ProcSample[] {
    return this.#workers.map((w) => sampleProc(w.proc.pid!));
  }

  async connect(): Promise<void> {
    const { processes: _processes, count, ...setup } = this.options;
    const per = Math.ceil(count / this.#workers.length);
    await Promise.all(
      this.#workers.map((w, k) => w.ask({ op: 'connect', setup: { ...setup, offset: k * per, count: Math.max(0, Math.min(per, count - k * per)) } })),
    );
  }

  async stats(expected: number): Promise<FleetStats> {
    const all = await Promise.all(this.#workers.map((w) => w.ask<WorkerStats>({ op: 'stats', expected })));
    const latency = new Latency();
    const wallboardLatency = new Latency();
    for (const s of all) {
      latency.merge(s.latency);
      wallboardLatency.merge(s.wallboardLatency);
    }
    const sum = (key: 'received' | 'wallboardReceived' | 'duplicates' | 'reconnects' | 'lost' | 'wallboardLost') => all.reduce((n, s) => n + s[key], 0);
    return {
      received: sum('received'),
      wallboardReceived: sum('wallboardReceived'),
      duplicates: sum('duplicates'),
      reconnects: sum('reconnects'),
      lost: sum('lost'),
      wallboardLost: sum('wallboardLost'),
      messageBytes: Math.max(...all.map((s) => s.messageBytes)),
      lastAt: Math.max(...all.map((s) => s.lastAt)),
      latency,
      wallboardLatency,
    };
  }

  async resetLatency(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.ask({ op: 'reset' })));
  }

  /** Waits until every event client has seen `lastId` (or the timeout passes). */
  async drain(lastId: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await Promise.all(this.#workers.map((w) => w.ask<WorkerStats>({ op: 'stats', expected: 0 })));
      if (all.every((s) => s.minLastId >= lastId) || Date.now() >= deadline) return;
      await sleep(200);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.ask({ op: 'close' }).catch(() => undefined)));
    for (const w of this.#workers) w.proc.kill();
    await sleep(100);
  }
}
