// pnpm bench: fan-out, raw-ws baseline, scale-out, fault and soak against real server processes on
// 127.0.0.1 (PostgreSQL, and Redis for two instances). Writes bench/results/latest.{json,md}.
// Durations and sizes come from the environment so a short run is possible:
//   BENCH_CLIENTS=1000 BENCH_RATE=50 BENCH_SECONDS=60 BENCH_SCALEOUT_SECONDS=30 BENCH_FAULT_SECONDS=30
//   BENCH_SOAK_SECONDS=600 BENCH_DRAIN_SECONDS=60 (how long clients may take to catch up after the writer stops) BENCH_PHASES=fanout,baseline,scaleout,fault
//   `pnpm bench --soak` runs only the soak (BENCH_SOAK_SECONDS of the fan-out, heap sampled every 10 s) and adds it to latest.json
//   BENCH_WRITER=events (rows written straight to the event table and announced on Redis) or api (createTicket)
//   BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) BENCH_REDIS_URL (redis://127.0.0.1:6379)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Fleet } from './lib/clients.ts';
import { coresBetween, loadAverage, type ProcSample, sampleProc } from './lib/proc.ts';
import { type Child, gql, loginAdmin, scrape, startOpsboard, startRawServer } from './lib/server.ts';
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
const WRITER = process.env.BENCH_WRITER === 'api' ? 'api' : 'events';
const SOAK_ONLY = process.argv.includes('--soak');
const PHASES = new Set((process.env.BENCH_PHASES ?? (SOAK_ONLY ? 'soak' : 'fanout,baseline,scaleout,fault')).split(',').map((p) => p.trim()));
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORTS = { a: num('BENCH_PORT', 4610), b: num('BENCH_PORT', 4610) + 1, raw: num('BENCH_PORT', 4610) + 2 };
const results = fileURLToPath(new URL('./results/', import.meta.url));

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

/** What every run measures on its clients, whatever served them. */
function deliveryFigures(fleet: Fleet, expected: Parameters<Fleet['lost']>[0], eventsWritten: number, seconds: number, deliverySeconds: number) {
  return {
    clients: CLIENTS,
    eventsPerSecond: RATE,
    seconds,
    eventsWritten,
    messagesDelivered: fleet.received,
    deliveredPerSecond: Math.round(fleet.received / deliverySeconds),
    deliverySeconds: Math.round(deliverySeconds * 10) / 10,
    latencyMs: fleet.latency.summary(),
    lost: fleet.lost(expected),
    duplicates: fleet.duplicates,
    reconnects: fleet.reconnects,
    bytesPerMessage: fleet.messageBytes,
  };
}

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
    const before = servers.map((s) => sampleProc(s.pid));
    const start = await cursor(db);
    const fleet = new Fleet({
      mode: 'graphql',
      count: CLIENTS,
      token,
      after: start,
      urls: (i) => (b && i % 2 === 1 ? [ws(b), ws(a)] : b ? [ws(a), ws(b)] : [ws(a)]),
    });
    log(`${kind}: connecting ${CLIENTS} clients to ${servers.length} instance(s)`);
    await fleet.connect();
    await sleep(2_000);
    const idle = servers.map((s) => sampleProc(s.pid));
    const bytesPerConnection = Math.round(idle.reduce((sum, s, i) => sum + s.rssBytes - before[i]!.rssBytes, 0) / CLIENTS);
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
    let t1b: ProcSample | undefined;
    log(`${kind}: ${RATE} events/s for ${seconds} s (${Math.round(bytesPerConnection / 1024)} KiB per idle connection)`);
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
    const deliverySeconds = Math.max(seconds, (fleet.lastAt - writeStarted) / 1000);
    clearInterval(heapTimer);
    const t1 = sampleProc(a.pid);
    if (b && !killed) t1b = sampleProc(b.pid);
    const expected = await ticketEventIds(db, start);
    const heapUsed = await scrape(a.url, 'opsboard_nodejs_heap_size_used_bytes');
    const figures: RunFigures & Record<string, unknown> = {
      ...deliveryFigures(fleet, expected, expected.length, seconds, deliverySeconds),
      bytesPerConnection,
      server: {
        cpuCores: Math.round((coresBetween(t0, t1) + (t0b && t1b ? coresBetween(t0b, t1b) : 0)) * 100) / 100,
        rssMb: Math.round(((t1.rssBytes + (b && !killed ? sampleProc(b.pid).rssBytes : 0)) / 2 ** 20) * 10) / 10,
        ...(heapUsed ? { heapUsedMb: Math.round((heapUsed / 2 ** 20) * 10) / 10 } : {}),
      },
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
  const before = sampleProc(raw.pid);
  const fleet = new Fleet({ mode: 'raw', count: CLIENTS, after: 0, urls: () => [raw.url.replace('http', 'ws')] });
  log(`baseline: connecting ${CLIENTS} raw ws clients`);
  await fleet.connect();
  await sleep(2_000);
  const idle = sampleProc(raw.pid);
  const t0 = sampleProc(raw.pid);
  const began = Date.now();
  await fetch(`${raw.url}/start`);
  await sleep(seconds * 1000);
  const seq = Math.round(RATE * seconds);
  // Like the event writer, the raw server sends every message even when it runs late (it stops by itself after the last).
  await fleet.drain(seq, DRAIN_SECONDS * 1000);
  await fetch(`${raw.url}/stop`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  const deliverySeconds = Math.max(seconds, (fleet.lastAt - began) / 1000);
  const t1 = sampleProc(raw.pid);
  const expected = Array.from({ length: seq }, (_, i) => i + 1);
  const figures: RunFigures = {
    ...deliveryFigures(fleet, expected, seq, seconds, deliverySeconds),
    bytesPerConnection: Math.round((idle.rssBytes - before.rssBytes) / CLIENTS),
    server: { cpuCores: Math.round(coresBetween(t0, t1) * 100) / 100, rssMb: Math.round((t1.rssBytes / 2 ** 20) * 10) / 10 },
    generatorFailures: 0,
  };
  await fleet.close();
  await raw.kill();
  children.delete(raw);
  log(`baseline: p99 ${figures.latencyMs.p99} ms, lost ${figures.lost}`);
  return figures;
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
