// pnpm bench: fan-out, raw-ws baseline, scale-out, fault and soak against real server processes on
// 127.0.0.1 (PostgreSQL, and Redis for two instances). Writes bench/results/latest.{json,md}.
// Durations and sizes come from the environment so a short run is possible:
//   BENCH_CLIENTS=1000 BENCH_RATE=50 BENCH_SECONDS=60 BENCH_SCALEOUT_SECONDS=30 BENCH_FAULT_SECONDS=30
//   BENCH_SOAK_SECONDS=600 BENCH_DRAIN_SECONDS=60 (how long clients may take to catch up after the writer stops) BENCH_PHASES=fanout,baseline,scaleout,fault
//   `pnpm bench --soak` runs only the soak (BENCH_SOAK_SECONDS of the fan-out, heap sampled every 10 s) and adds it to latest.json
//   BENCH_WRITER=events (rows written straight to the event table and announced on Redis) or api (createTicket)
//   BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) BENCH_REDIS_URL (redis://127.0.0.1:6379)
//   BENCH_CLIENT_PROCESSES=2 (the clients run in this many worker processes; their CPU is reported as the generator's)
//   BENCH_WALLBOARD_SHARE=0.2 (this share of opsboard's clients subscribe to `wallboard` with the TV's selection)
//   Capacity (BENCH_PHASES=capacity; not in the default phases): for opsboard, the transport floor (raw-server.ts)
//   and the peer (peer-server.ts), the highest of BENCH_CAPACITY_RATES=5,10,20,40,80,160,320 events/s at which
//   BENCH_CAPACITY_CLIENTS=5000 clients see p99 ≤ BENCH_CAPACITY_P99_MS=250 with none lost, each rate for
//   BENCH_CAPACITY_STEP_SECONDS=15, stopping at the first failing one; BENCH_CAPACITY_TARGETS=opsboard,floor,peer
//   BENCH_CAPACITY_DRAIN_SECONDS=10 (after each step, how long clients may take to get the last event)
//   Memory per idle connection: the servers run with the inspector on a random loopback port and are sampled before
//   and after connecting, each time after a forced full GC and BENCH_GC_SETTLE_MS=500 (bytesPerConnection: RSS,
//   heapBytesPerConnection: heap used); rssBytesPerConnectionNoGc is the RSS added without a collection before the
//   idle sample (the figure of earlier runs). An --inspect of your own in BENCH_SERVER_NODE_ARGS leaves only that one.
//   BENCH_RESULTS (default bench/results) is the directory latest.{json,md} are written to
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectionMemory, type ConnectionMemory, memoryCell } from './lib/memory.ts';
import { type FleetStats, RemoteFleet } from './lib/remote-fleet.ts';
import { coresBetween, loadAverage, type ProcSample, sampleProc } from './lib/proc.ts';
import { type Child, gql, loginAdmin, scrape, startOpsboard, startPeerServer, startRawServer } from './lib/server.ts';
import { Latency, sleep } from './lib/stats.ts';
import { redisPublisher, writeEvents } from './lib/writer.ts';
import { markdown, type RunFigures } from './report.ts';

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
};
const CLIENTS = num('BENCH_CLIENTS', 1000);
const RATE = num('BENCH_RATE', 50);
const SECONDS = num('BENCH_SECONDS', 60);
const SCALEOUT_SECONDS = num('BENCH_SCALEOUT_SECONDS', 30);
const FAULT_SECONDS = num('BENCH_FAULT_SECONDS', 30);
const SOAK_SECONDS = num('BENCH_SOAK_SECONDS', 600);
const DRAIN_SECONDS = num('BENCH_DRAIN_SECONDS', 60);
const CLIENT_PROCESSES = Math.max(1, Math.round(num('BENCH_CLIENT_PROCESSES', 2)));
const WALLBOARD_SHARE = Math.min(1, num('BENCH_WALLBOARD_SHARE', 0.2));
const CAPACITY_CLIENTS = num('BENCH_CAPACITY_CLIENTS', 5000);
const CAPACITY_RATES = (process.env.BENCH_CAPACITY_RATES ?? '5,10,20,40,80,160,320')
  .split(',')
  .map(Number)
  .filter((r) => r > 0);
const CAPACITY_STEP_SECONDS = num('BENCH_CAPACITY_STEP_SECONDS', 15);
const CAPACITY_P99_MS = num('BENCH_CAPACITY_P99_MS', 250);
const CAPACITY_DRAIN_SECONDS = num('BENCH_CAPACITY_DRAIN_SECONDS', 10);
const CAPACITY_TARGETS = (process.env.BENCH_CAPACITY_TARGETS ?? 'opsboard,floor,peer').split(',').map((t) => t.trim()) as CapacityTarget[];
const WRITER = process.env.BENCH_WRITER === 'api' ? 'api' : 'events';
const SOAK_ONLY = process.argv.includes('--soak');
const PHASES = new Set((process.env.BENCH_PHASES ?? (SOAK_ONLY ? 'soak' : 'fanout,baseline,scaleout,fault')).split(',').map((p) => p.trim()));
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORTS = { a: num('BENCH_PORT', 4610), b: num('BENCH_PORT', 4610) + 1, raw: num('BENCH_PORT', 4610) + 2, peer: num('BENCH_PORT', 4610) + 3 };
const results = process.env.BENCH_RESULTS ? `${resolve(process.env.BENCH_RESULTS)}/` : fileURLToPath(new URL('./results/', import.meta.url));

const children = new Set<Child>();
const log = (...args: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

async function withDatabase<T>(work: (url: string, admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  const name = `opsboard_bench_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  // Commits need not wait for the disk flush on the benchmark's own database (BENCH_SYNC_COMMIT=on
  // keeps PostgreSQL's default): the disk of this machine is shared, and the fan-out is what is measured.
  if (process.env.BENCH_SYNC_COMMIT !== 'on') await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: url.toString() });
  try {
    return await work(url.toString(), db);
  } finally {
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function boot(name: string, port: number, env: Record<string, string>): Promise<Child> {
  const child = await startOpsboard(name, port, env);
  children.add(child);
  return child;
}

/** Creates tickets through GraphQL at `rate` per second for `seconds` (bounded count and in-flight requests). */
async function generate(
  urls: string[],
  token: string,
  rate: number,
  seconds: number,
  onTick?: (sent: number) => void,
): Promise<{ sent: number; failed: number; mutationMs: ReturnType<Latency['summary']> }> {
  const mutation = new Latency();
  const total = Math.round(rate * seconds);
  const started = Date.now();
  let sent = 0;
  let failed = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    if (inFlight >= 50) {
      failed += 1; // the server is too far behind: count it rather than queue without bound
      continue;
    }
    inFlight += 1;
    const url = urls[i % urls.length]!;
    const began = Date.now();
    const p = gql(
      url,
      'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
      {
        input: { title: `Bench ticket ${i}`, description: 'Created by the benchmark: results page does not load.', channel: 'EMAIL' },
      },
      token,
    )
      .then(() => {
        sent += 1;
        mutation.add(Date.now() - began);
      })
      .catch(() => void (failed += 1))
      .finally(() => {
        inFlight -= 1;
        pending.delete(p);
      });
    pending.add(p);
    onTick?.(i);
  }
  await Promise.all(pending);
  return { sent, failed, mutationMs: mutation.summary() };
}

async function ticketEventIds(db: pg.Client, after: number): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM "Event" WHERE topic = 'tickets' AND id > $1 ORDER BY id`, [after]);
  return rows.map((r) => Number(r.id));
}

async function cursor(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ id: string | null }>('SELECT max(id) AS id FROM "Event"');
  return Number(rows[0]?.id ?? 0);
}

/** What every run measures on its clients, whatever served them (latency and loss of the `events` clients; wallboards apart). */
function deliveryFigures(fleet: RemoteFleet, stats: FleetStats, eventsWritten: number, seconds: number, deliverySeconds: number) {
  return {
    clients: CLIENTS,
    eventsPerSecond: RATE,
    seconds,
    eventsWritten,
    messagesDelivered: stats.received,
    deliveredPerSecond: Math.round(stats.received / deliverySeconds),
    deliverySeconds: Math.round(deliverySeconds * 10) / 10,
    latencyMs: stats.latency.summary(),
    lost: stats.lost,
    duplicates: stats.duplicates,
    reconnects: stats.reconnects,
    bytesPerMessage: stats.messageBytes,
    ...(fleet.wallboards
      ? {
          wallboards: {
            clients: fleet.wallboards,
            eventsReceived: stats.wallboardReceived,
            lost: stats.wallboardLost,
            latencyMs: stats.wallboardLatency.summary(),
          },
        }
      : {}),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
/** Cores used between two samples of several processes, summed. */
const coresOf = (a: ProcSample[], b: ProcSample[]) => round2(a.reduce((sum, s, i) => sum + coresBetween(s, b[i]!), 0));

/** Fan-out on one or two instances; `fault` kills instance B halfway and its clients move to A. */
async function fanout(kind: 'fanout' | 'scaleout' | 'fault' | 'soak', seconds: number): Promise<RunFigures & Record<string, unknown>> {
  return withDatabase(async (databaseUrl, db) => {
    await db.connect();
    const two = kind === 'scaleout' || kind === 'fault';
    // The events writer announces its rows on Redis, as another instance would; the API writer needs Redis only for two instances.
    const env = { DATABASE_URL: databaseUrl, ...(two || WRITER === 'events' ? { REDIS_URL: REDIS } : {}) };
    const a = await boot('A', PORTS.a, env);
    const b = two ? await boot('B', PORTS.b, env) : undefined;
    const token = await loginAdmin(a.url);
    // A real ticket event's payload, reused for every event the writer adds.
    await gql(
      a.url,
      'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
      { input: { title: 'Bench sample ticket', description: 'Results page does not load.', channel: 'EMAIL' } },
      token,
    );
    const sample = (await db.query<{ payload: unknown }>(`SELECT payload FROM "Event" WHERE topic = 'tickets' ORDER BY id DESC LIMIT 1`)).rows[0]?.payload;
    const publisher = WRITER === 'events' ? await redisPublisher(REDIS) : undefined;
    const ws = (c: Child) => `${c.url.replace('http', 'ws')}/graphql`;
    const servers = b ? [a, b] : [a];
    const start = await cursor(db);
    const fleet = new RemoteFleet({
      mode: 'graphql',
      count: CLIENTS,
      processes: CLIENT_PROCESSES,
      token,
      after: start,
      urlSets: b
        ? [
            [ws(a), ws(b)],
            [ws(b), ws(a)],
          ]
        : [[ws(a)]],
      wallboardShare: WALLBOARD_SHARE,
    });
    const memory = await connectionMemory(servers, CLIENTS, async () => {
      log(`${kind}: connecting ${CLIENTS} clients to ${servers.length} instance(s)`);
      await fleet.connect();
      await sleep(2_000);
    });
    const heapSamples: { at: number; heapUsedMb: number }[] = [];
    const heapTimer =
      kind === 'soak'
        ? setInterval(
            () => void scrape(a.url, 'opsboard_nodejs_heap_size_used_bytes').then((v) => v && heapSamples.push({ at: Date.now(), heapUsedMb: v / 2 ** 20 })),
            10_000,
          )
        : undefined;
    const t0 = sampleProc(a.pid);
    const t0b = b ? sampleProc(b.pid) : undefined;
    const g0 = fleet.sample();
    let t1b: ProcSample | undefined;
    log(`${kind}: ${RATE} events/s for ${seconds} s (KiB per idle connection, RSS after GC / heap after GC / RSS without GC: ${memoryCell(memory)})`);
    let killed = false;
    const writeStarted = Date.now();
    const onTick = (i: number) => {
      if (kind === 'fault' && b && !killed && i >= (RATE * seconds) / 2) {
        killed = true;
        t1b = sampleProc(b.pid);
        log('fault: killing instance B (SIGKILL)');
        b.proc.kill('SIGKILL');
      }
    };
    const generated = publisher
      ? await writeEvents(db, publisher.publish, sample, RATE, seconds, onTick)
      : await generate([a.url], token, RATE, seconds, onTick);
    publisher?.close();
    const end = await cursor(db);
    await fleet.drain(end, DRAIN_SECONDS * 1000);
    // Wallboards get their last batch up to 250 ms after the event clients.
    if (fleet.wallboards) await sleep(1_000);
    const g1 = fleet.sample();
    clearInterval(heapTimer);
    const t1 = sampleProc(a.pid);
    if (b && !killed) t1b = sampleProc(b.pid);
    const expected = await ticketEventIds(db, start);
    const stats = await fleet.stats(expected.length);
    const deliverySeconds = Math.max(seconds, (stats.lastAt - writeStarted) / 1000);
    const heapUsed = await scrape(a.url, 'opsboard_nodejs_heap_size_used_bytes');
    const figures: RunFigures & Record<string, unknown> = {
      ...deliveryFigures(fleet, stats, expected.length, seconds, deliverySeconds),
      ...memory,
      server: {
        cpuCores: Math.round((coresBetween(t0, t1) + (t0b && t1b ? coresBetween(t0b, t1b) : 0)) * 100) / 100,
        rssMb: Math.round(((t1.rssBytes + (b && !killed ? sampleProc(b.pid).rssBytes : 0)) / 2 ** 20) * 10) / 10,
        ...(heapUsed ? { heapUsedMb: Math.round((heapUsed / 2 ** 20) * 10) / 10 } : {}),
      },
      generator: { processes: fleet.pids.length, cpuCores: coresOf(g0, g1) },
      generatorFailures: generated.failed,
      writer: WRITER,
      writeMs: generated.mutationMs,
    };
    if (kind === 'soak' && heapSamples.length >= 4) {
      // Heap saw-tooths with GC: compare the lowest of the first and of the last quarter of samples.
      const quarter = Math.max(1, Math.floor(heapSamples.length / 4));
      const first = Math.min(...heapSamples.slice(0, quarter).map((s) => s.heapUsedMb));
      const last = Math.min(...heapSamples.slice(-quarter).map((s) => s.heapUsedMb));
      Object.assign(figures, {
        heapStartMb: Math.round(first * 10) / 10,
        heapEndMb: Math.round(last * 10) / 10,
        heapGrowthPercent: Math.round(((last - first) / first) * 1000) / 10,
      });
    }
    await fleet.close();
    for (const child of servers) {
      await child.kill();
      children.delete(child);
    }
    log(`${kind}: p99 ${figures.latencyMs.p99} ms, lost ${figures.lost}, duplicates ${figures.duplicates}`);
    return figures;
  });
}

/** The same number of sockets, the same message size and rate, from a bare `ws` server. */
async function baseline(bytes: number, seconds: number): Promise<RunFigures> {
  const raw = await startRawServer(PORTS.raw, { BENCH_PAYLOAD_BYTES: String(bytes), BENCH_RATE: String(RATE), BENCH_SECONDS: String(seconds) });
  children.add(raw);
  const fleet = new RemoteFleet({
    mode: 'raw',
    count: CLIENTS,
    processes: CLIENT_PROCESSES,
    after: 0,
    urlSets: [[raw.url.replace('http', 'ws')]],
    wallboardShare: 0,
  });
  const memory = await connectionMemory([raw], CLIENTS, async () => {
    log(`baseline: connecting ${CLIENTS} raw ws clients`);
    await fleet.connect();
    await sleep(2_000);
  });
  log(`baseline: KiB per idle connection, RSS after GC / heap after GC / RSS without GC: ${memoryCell(memory)}`);
  const t0 = sampleProc(raw.pid);
  const g0 = fleet.sample();
  const began = Date.now();
  await fetch(`${raw.url}/start`);
  await sleep(seconds * 1000);
  const seq = Math.round(RATE * seconds);
  // Like the event writer, the raw server sends every message even when it runs late (it stops by itself after the last).
  await fleet.drain(seq, DRAIN_SECONDS * 1000);
  await fetch(`${raw.url}/stop`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  const t1 = sampleProc(raw.pid);
  const g1 = fleet.sample();
  const stats = await fleet.stats(seq);
  const deliverySeconds = Math.max(seconds, (stats.lastAt - began) / 1000);
  const figures: RunFigures = {
    ...deliveryFigures(fleet, stats, seq, seconds, deliverySeconds),
    ...memory,
    server: { cpuCores: Math.round(coresBetween(t0, t1) * 100) / 100, rssMb: Math.round((t1.rssBytes / 2 ** 20) * 10) / 10 },
    generator: { processes: fleet.pids.length, cpuCores: coresOf(g0, g1) },
    generatorFailures: 0,
  };
  await fleet.close();
  await raw.kill();
  children.delete(raw);
  log(`baseline: p99 ${figures.latencyMs.p99} ms, lost ${figures.lost}`);
  return figures;
}

type CapacityTarget = 'opsboard' | 'floor' | 'peer';

interface CapacityStep {
  rate: number;
  seconds: number;
  eventsWritten: number;
  deliveredPerSecond: number;
  latencyMs: RunFigures['latencyMs'];
  lost: number;
  duplicates: number;
  wallboard?: { p99: number; max: number; lost: number };
  serverCpuCores: number;
  generatorCpuCores: number;
  loadAverage: number[];
  passed: boolean;
}

export interface CapacityFigures extends ConnectionMemory {
  target: CapacityTarget;
  clients: number;
  wallboards: number;
  bytesPerMessage: number;
  /** The highest rate whose step held p99 ≤ the bound with nothing lost (0: none did). */
  maxRate: number;
  steps: CapacityStep[];
}

/**
 * The capacity search: for opsboard, the transport floor and the peer in turn, the same clients
 * (opsboard's with the wallboard share) at stepped event rates until a step's p99 passes the bound or
 * an event is lost. opsboard and the peer are fed by the writer (rows + Redis), the floor by its own timer.
 */
async function capacity(): Promise<Record<string, unknown>> {
  return withDatabase(async (databaseUrl, db) => {
    await db.connect();
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: REDIS };
    // opsboard creates the schema and gives a real ticket event's payload, used by every writer run.
    const a = await boot('A', PORTS.a, env);
    const token = await loginAdmin(a.url);
    await gql(
      a.url,
      'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
      { input: { title: 'Bench sample ticket', description: 'Results page does not load.', channel: 'EMAIL' } },
      token,
    );
    const sample = (await db.query<{ payload: unknown }>(`SELECT payload FROM "Event" WHERE topic = 'tickets' ORDER BY id DESC LIMIT 1`)).rows[0]?.payload;
    const publisher = await redisPublisher(REDIS);
    const figures: Partial<Record<CapacityTarget, CapacityFigures>> = {};
    let payloadBytes = 600;

    const measure = async (target: CapacityTarget, server: Child): Promise<CapacityFigures> => {
      const url = `${server.url.replace('http', 'ws')}${target === 'floor' ? '' : '/graphql'}`;
      const fleet = new RemoteFleet({
        mode: target === 'floor' ? 'raw' : 'graphql',
        count: CAPACITY_CLIENTS,
        processes: CLIENT_PROCESSES,
        token,
        after: target === 'floor' ? 0 : await cursor(db),
        urlSets: [[url]],
        wallboardShare: target === 'opsboard' ? WALLBOARD_SHARE : 0,
      });
      const memory = await connectionMemory([server], CAPACITY_CLIENTS, async () => {
        log(`capacity ${target}: connecting ${CAPACITY_CLIENTS} clients (${fleet.wallboards} wallboards) in ${fleet.pids.length} processes`);
        await fleet.connect();
        await sleep(2_000);
      });
      log(`capacity ${target}: KiB per idle connection, RSS after GC / heap after GC / RSS without GC: ${memoryCell(memory)}`);
      const result: CapacityFigures = {
        target,
        clients: CAPACITY_CLIENTS,
        wallboards: fleet.wallboards,
        ...memory,
        bytesPerMessage: 0,
        maxRate: 0,
        steps: [],
      };
      let expected = 0;
      let received: number;
      /** Sends `rate` events a second for `seconds` and waits for the clients to get the last one. */
      const send = async (rate: number, seconds: number): Promise<number> => {
        let last: number;
        let written: number;
        if (target === 'floor') {
          const answer = (await (await fetch(`${server.url}/start?rate=${rate}&seconds=${seconds}`)).json()) as { seq: number };
          await sleep(seconds * 1000);
          last = answer.seq;
          written = answer.seq - expected;
        } else {
          const generated = await writeEvents(db, publisher.publish, sample, rate, seconds);
          last = await cursor(db);
          written = generated.sent;
        }
        expected += written;
        await fleet.drain(last, CAPACITY_DRAIN_SECONDS * 1000);
        if (fleet.wallboards) await sleep(1_000);
        return written;
      };
      // A warm-up (first executions, JIT), not measured: 3 s at the lowest rate.
      await send(CAPACITY_RATES[0] ?? 5, 3);
      received = (await fleet.stats(expected)).received;
      for (const rate of CAPACITY_RATES) {
        await fleet.resetLatency();
        const s0 = sampleProc(server.pid);
        const g0 = fleet.sample();
        const began = Date.now();
        const written = await send(rate, CAPACITY_STEP_SECONDS);
        const s1 = sampleProc(server.pid);
        const g1 = fleet.sample();
        const stats = await fleet.stats(expected);
        const seconds = Math.max(CAPACITY_STEP_SECONDS, (stats.lastAt - began) / 1000);
        const latencyMs = stats.latency.summary();
        const step: CapacityStep = {
          rate,
          seconds: CAPACITY_STEP_SECONDS,
          eventsWritten: written,
          deliveredPerSecond: Math.round((stats.received - received) / seconds),
          latencyMs,
          lost: stats.lost,
          duplicates: stats.duplicates,
          ...(fleet.wallboards
            ? { wallboard: { p99: stats.wallboardLatency.percentile(99), max: stats.wallboardLatency.max, lost: stats.wallboardLost } }
            : {}),
          serverCpuCores: round2(coresBetween(s0, s1)),
          generatorCpuCores: coresOf(g0, g1),
          loadAverage: loadAverage(),
          passed: latencyMs.samples > 0 && latencyMs.p99 <= CAPACITY_P99_MS && stats.lost === 0,
        };
        received = stats.received;
        result.bytesPerMessage = stats.messageBytes;
        result.steps.push(step);
        log(
          `capacity ${target}: ${rate}/s p99 ${latencyMs.p99} ms, lost ${stats.lost}, server ${step.serverCpuCores} cores, clients ${step.generatorCpuCores} cores, load ${step.loadAverage.join(' ')}${step.passed ? '' : ' (failed)'}`,
        );
        if (!step.passed) break;
        result.maxRate = rate;
      }
      await fleet.close();
      await server.kill();
      children.delete(server);
      return result;
    };

    if (CAPACITY_TARGETS.includes('opsboard')) {
      figures.opsboard = await measure('opsboard', a);
      payloadBytes = figures.opsboard.bytesPerMessage || payloadBytes;
    } else {
      await a.kill();
      children.delete(a);
    }
    for (const target of CAPACITY_TARGETS) {
      if (target === 'floor') {
        const raw = await startRawServer(PORTS.raw, { BENCH_PAYLOAD_BYTES: String(payloadBytes) });
        children.add(raw);
        figures.floor = await measure('floor', raw);
      } else if (target === 'peer') {
        const peer = await startPeerServer(PORTS.peer, env);
        children.add(peer);
        figures.peer = await measure('peer', peer);
      }
    }
    publisher.close();
    const ratio = (other?: CapacityFigures) => (figures.opsboard && other?.maxRate ? Math.round((figures.opsboard.maxRate / other.maxRate) * 100) / 100 : null);
    return {
      settings: {
        clients: CAPACITY_CLIENTS,
        rates: CAPACITY_RATES,
        stepSeconds: CAPACITY_STEP_SECONDS,
        p99BoundMs: CAPACITY_P99_MS,
        drainSeconds: CAPACITY_DRAIN_SECONDS,
        wallboardShare: WALLBOARD_SHARE,
        clientProcesses: CLIENT_PROCESSES,
      },
      ...figures,
      ratio: { opsboardToFloor: ratio(figures.floor), opsboardToPeer: ratio(figures.peer) },
    };
  });
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadAverage();
  // A soak on its own joins the latest full run's report rather than replacing it.
  const earlier =
    SOAK_ONLY && existsSync(`${results}latest.json`) ? (JSON.parse(readFileSync(`${results}latest.json`, 'utf8')) as Record<string, unknown>) : undefined;
  const report: Record<string, unknown> = earlier
    ? {
        ...earlier,
        soakRun: { startedAt: startedAt.toISOString(), loadAverageBefore: loadBefore, clients: CLIENTS, eventsPerSecond: RATE, seconds: SOAK_SECONDS },
      }
    : {
        startedAt: startedAt.toISOString(),
        machine: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model,
          memoryGb: Math.round(totalmem() / 2 ** 30),
          node: process.version,
          loadAverageBefore: loadBefore,
        },
        settings: {
          writer: WRITER,
          drainSeconds: DRAIN_SECONDS,
          clients: CLIENTS,
          eventsPerSecond: RATE,
          seconds: SECONDS,
          scaleoutSeconds: SCALEOUT_SECONDS,
          faultSeconds: FAULT_SECONDS,
          soakSeconds: SOAK_SECONDS,
          clientProcesses: CLIENT_PROCESSES,
          wallboardShare: WALLBOARD_SHARE,
          phases: [...PHASES],
        },
      };
  const fan = PHASES.has('fanout') ? await fanout('fanout', SECONDS) : undefined;
  if (fan) report.fanout = fan;
  if (PHASES.has('baseline')) {
    const base = await baseline(fan?.bytesPerMessage || 600, SECONDS);
    report.baseline = base;
    if (fan) {
      report.ratio = {
        throughput: Math.round((fan.deliveredPerSecond / Math.max(1, base.deliveredPerSecond)) * 1000) / 1000,
        p99: Math.round((fan.latencyMs.p99 / Math.max(1, base.latencyMs.p99)) * 100) / 100,
        cpu: Math.round((fan.server.cpuCores / Math.max(0.01, base.server.cpuCores)) * 100) / 100,
      };
    }
  }
  save(report);
  if (PHASES.has('scaleout')) report.scaleout = await fanout('scaleout', SCALEOUT_SECONDS);
  save(report);
  if (PHASES.has('fault')) report.fault = await fanout('fault', FAULT_SECONDS);
  save(report);
  if (PHASES.has('soak') && SOAK_SECONDS > 0) report.soak = await fanout('soak', SOAK_SECONDS);
  save(report);
  if (PHASES.has('capacity')) report.capacity = await capacity();
  save(report);
  log(`wrote ${results}latest.json and latest.md`);
}

/** Writes the report so far: a run cut short still leaves the phases it finished. */
function save(report: Record<string, unknown>): void {
  if (SOAK_ONLY && report.soakRun) {
    Object.assign(report.soakRun as Record<string, unknown>, { finishedAt: new Date().toISOString(), loadAverageAfter: loadAverage() });
    mkdirSync(results, { recursive: true });
    writeFileSync(`${results}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${results}latest.md`, markdown(report));
    return;
  }
  report.finishedAt = new Date().toISOString();
  (report.machine as Record<string, unknown>).loadAverageAfter = loadAverage();
  (report.machine as Record<string, unknown>).benchProcessCpuSeconds = Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e5) / 10;
  mkdirSync(results, { recursive: true });
  writeFileSync(`${results}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${results}latest.md`, markdown(report));
}

async function cleanup(): Promise<void> {
  for (const child of children) await child.kill('SIGKILL');
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
main()
  .catch(async (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
