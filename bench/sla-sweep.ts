// pnpm bench:sla — open tickets with SLA clocks on PostgreSQL (1 000 000 by default, BENCH_TICKETS),
// then timed SLA sweeps. About 0.1 % of the clocks are past due and 0.1 % more past their at-risk point
// (a few minutes of arrivals); the sweep must touch exactly those. Each run sweeps a fresh copy of the
// seeded database (CREATE DATABASE … TEMPLATE), twice: the due case, then the idle case (nothing left).
// OPSBOARD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.
// The seeded database, opsboard_bench_sla_<tickets>, is dropped at the end unless BENCH_KEEP=1;
// BENCH_REUSE=1 sweeps a kept one again without seeding. BENCH_RUNS (default 3) copies are swept,
// BENCH_SWEEP_BATCH clocks per statement (default: the job's). Each run also times the floor on another
// fresh copy: the same clocks changed by one bare UPDATE (no lock, no event, no ticket read), the
// database's own cost for those row changes on this machine.
// Writes bench/results/sla-sweep.json and .md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { applyMigrations, openDatabase } from '@opsboard/db';
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { loadConfig } from '@opsboard/server/platform/config.ts';
import { type Deps, noHooks } from '@opsboard/server/platform/db.ts';
import { Outbound } from '@opsboard/server/platform/outbound.ts';
import { seedReferenceData } from '@opsboard/server/seed/reference.ts';
import { runSlaSweep, SWEEP_BATCH } from '@opsboard/server/sla/service.ts';
import pg from 'pg';
import pino from 'pino';
import { loadAverage } from './lib/proc.ts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BATCH = Number(process.env.BENCH_SWEEP_BATCH ?? SWEEP_BATCH);
const adminUrl = process.env.OPSBOARD_BENCH_POSTGRES_URL ?? process.env.OPSBOARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seedName = `opsboard_bench_sla_${TICKETS}`;
const results = fileURLToPath(new URL('./results/', import.meta.url));

async function admin<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const ms = (start: number) => performance.now() - start;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Tickets opened over the last two days, each with a FIRST_RESPONSE and a RESOLUTION clock; the
 * clocks are laid out around the seeding time, which every later sweep takes as its "now" (so a
 * kept database gives the same due set days later).
 */
async function seed(): Promise<{ seconds: number }> {
  await admin(`DROP DATABASE IF EXISTS "${seedName}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${seedName}"`);
  const db = await openDatabase({ url: databaseUrl(seedName), poolSize: 2, connectTimeoutMs: 60_000 });
  const t = performance.now();
  try {
    await applyMigrations(db);
    await seedReferenceData(db.prisma);
    const p = db.prisma;
    await p.$executeRawUnsafe(`
      INSERT INTO "Ticket" (id, title, description, channel, priority, status, "createdAt", "updatedAt", "lastProgressAt")
      SELECT gen_random_uuid(), 'Benchmark ticket ' || g, 'Load for the SLA sweep', 'EMAIL', 'P2', 'IN_PROGRESS',
             now() - (g % 2880) * interval '1 minute', now(), now()
        FROM generate_series(1, ${TICKETS}) AS g`);
    // Per kind: 0.1 % past due (→ at risk, then breached), 0.1 % past the at-risk point only, the rest comfortably ahead.
    await p.$executeRawUnsafe(`
      INSERT INTO "SlaClock" (id, "ticketId", kind, state, basis, "targetMinutes", "startedAt", "dueAt", "atRiskAt", "updatedAt")
      SELECT gen_random_uuid(), t.id, k.kind::"SlaClockKind", 'RUNNING', 'CALENDAR', 240, t."createdAt",
             now() + CASE WHEN r < 0.001 THEN interval '-5 minutes' WHEN r < 0.002 THEN interval '30 minutes' ELSE interval '10 hours' END,
             now() + CASE WHEN r < 0.001 THEN interval '-65 minutes' WHEN r < 0.002 THEN interval '-30 minutes' ELSE interval '9 hours' END,
             now()
        FROM (SELECT id, "createdAt", random() AS r FROM "Ticket") AS t
       CROSS JOIN (VALUES ('FIRST_RESPONSE'), ('RESOLUTION')) AS k(kind)`);
    // As autovacuum would leave a table of this size: statistics, visibility map and hint bits set.
    await p.$executeRawUnsafe('VACUUM ANALYZE "Ticket", "SlaClock"');
  } finally {
    await db.close();
  }
  return { seconds: ms(t) / 1000 };
}

interface Run {
  dueMs: number;
  idleMs: number;
  /** WAL the due sweep wrote, MB. */
  walMb: number;
  /** The bare UPDATE of the same clocks on another fresh copy. */
  floorMs: number;
  floorWalMb: number;
  atRisk: number;
  breached: number;
  events: number;
  ok: boolean;
}

interface Copy {
  p: Prisma;
  now: Date;
  counts: { clocks: bigint; due: bigint; risky: bigint };
  /** WAL written since the copy was ready, MB. */
  walMb(): Promise<number>;
  close(): Promise<void>;
}

type Prisma = Awaited<ReturnType<typeof openDatabase>>['prisma'];

/** A fresh file copy of the seeded database, its tables and indexes read into the operating system's cache. */
async function freshCopy(name: string): Promise<Copy> {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  // A file copy (with its checkpoints) rather than a WAL-logged one: no checkpoint of the copy's
  // writes runs during the sweep, and the sweep starts, as after any checkpoint, logging full pages.
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${seedName}" STRATEGY = FILE_COPY`);
  const db = await openDatabase({ url: databaseUrl(name), poolSize: 4, connectTimeoutMs: 60_000 });
  const p = db.prisma;
  const [seeded] = await p.$queryRawUnsafe<{ at: Date }[]>(`SELECT max("updatedAt") AS at FROM "SlaClock"`);
  const now = new Date(seeded!.at.getTime() + 1_000);
  const [counts] = await p.$queryRawUnsafe<{ clocks: bigint; due: bigint; risky: bigint }[]>(
    `SELECT count(*) AS clocks,
            count(*) FILTER (WHERE "dueAt" <= $1) AS due,
            count(*) FILTER (WHERE "atRiskAt" <= $1) AS risky
       FROM "SlaClock"`,
    now,
  );
  // A running server's tables and indexes are in memory (at least the operating system's cache);
  // a fresh copy's are not, and the sweep would time the disk. pg_prewarm ships with PostgreSQL.
  await p.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  await p.$queryRawUnsafe(`
    SELECT pg_prewarm(c.oid, 'read') FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')`);
  const lsn = async () => (await p.$queryRawUnsafe<{ lsn: string }[]>('SELECT pg_current_wal_lsn()::text AS lsn'))[0]!.lsn;
  const from = await lsn();
  return {
    p,
    now,
    counts: counts!,
    walMb: async () => {
      const [row] = await p.$queryRawUnsafe<{ bytes: number }[]>(`SELECT (pg_current_wal_lsn() - $1::pg_lsn)::float8 AS bytes`, from);
      return row!.bytes / 2 ** 20;
    },
    close: async () => {
      await db.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** One fresh copy of the seeded database: the due sweep, then the idle one, checked against the seed; then the floor on another. */
async function sweepCopy(index: number): Promise<Run> {
  const copy = await freshCopy(`${seedName}_run${index}`);
  let sweep: Omit<Run, 'floorMs' | 'floorWalMb'>;
  try {
    const { p, now, counts } = copy;
    const config = loadConfig({ DATABASE_URL: databaseUrl(seedName), LOG_LEVEL: 'silent' });
    const rt: Deps = { config, prisma: p, clock: new ManualClock(now), log: pino({ level: 'silent' }), hooks: noHooks, outbound: new Outbound() };

    let t = performance.now();
    const first = await runSlaSweep(rt, { batch: BATCH });
    const dueMs = ms(t);
    const walMb = await copy.walMb();
    t = performance.now();
    const second = await runSlaSweep(rt, { batch: BATCH });
    const idleMs = ms(t);
    const events = await p.event.count({ where: { topic: 'sla' } });
    const ok =
      first.breached === Number(counts.due) &&
      first.atRisk === Number(counts.risky) &&
      events === first.atRisk + first.breached &&
      second.atRisk + second.breached === 0;
    sweep = { dueMs, idleMs, walMb, atRisk: first.atRisk, breached: first.breached, events, ok };
  } finally {
    await copy.close();
  }
  // The floor: the same state changes as one bare statement, nothing else.
  const bare = await freshCopy(`${seedName}_floor${index}`);
  let floorMs: number;
  let floorWalMb: number;
  try {
    const at = bare.now.toISOString();
    const t = performance.now();
    const changed = await bare.p.$executeRawUnsafe(
      `UPDATE "SlaClock"
          SET state = CASE WHEN "dueAt" <= $1::timestamptz THEN 'BREACHED'::"SlaClockState" ELSE 'AT_RISK'::"SlaClockState" END,
              "atRiskEmittedAt" = CASE WHEN state = 'RUNNING' AND "atRiskEmittedAt" IS NULL THEN $1::timestamptz ELSE "atRiskEmittedAt" END,
              "breachedAt" = CASE WHEN "dueAt" <= $1::timestamptz THEN $1::timestamptz ELSE "breachedAt" END,
              "updatedAt" = $1::timestamptz
        WHERE (state = 'RUNNING' AND "atRiskAt" <= $1::timestamptz AND "atRiskEmittedAt" IS NULL)
           OR (state IN ('RUNNING', 'AT_RISK') AND "dueAt" <= $1::timestamptz)`,
      at,
    );
    floorMs = ms(t);
    floorWalMb = await bare.walMb();
    if (changed !== Number(bare.counts.risky)) sweep.ok = false;
  } finally {
    await bare.close();
  }
  console.log(
    `run ${index + 1}: due sweep ${sweep.dueMs.toFixed(0)} ms (${sweep.atRisk} SLA_AT_RISK, ${sweep.breached} SLA_BREACHED, ${sweep.events} events, ` +
      `${sweep.walMb.toFixed(1)} MB WAL), idle sweep ${sweep.idleMs.toFixed(0)} ms; floor ${floorMs.toFixed(0)} ms (${floorWalMb.toFixed(1)} MB WAL)` +
      `${sweep.ok ? '' : ' — UNEXPECTED: the sweep touched a different set of clocks'}`,
  );
  return { ...sweep, floorMs, floorWalMb };
}

const startedAt = new Date();
const loadBefore = loadAverage();
const reuse = !!process.env.BENCH_REUSE && (await admin(`SELECT 1 FROM pg_database WHERE datname = '${seedName}'`)).length > 0;
try {
  const setup = reuse ? undefined : await seed();
  const [server] = await admin<{ version: string }>(`SELECT current_setting('server_version') AS version`);
  console.log(setup ? `setup: ${TICKETS} tickets seeded in ${setup.seconds.toFixed(1)} s` : `reusing ${seedName}`);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await sweepCopy(i));
  const loadAfter = loadAverage();
  const report = {
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: server!.version,
    },
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    tickets: TICKETS,
    clocks: TICKETS * 2,
    setupSeconds: setup ? +setup.seconds.toFixed(1) : null,
    due: { atRisk: runs[0]!.atRisk, breached: runs[0]!.breached, events: runs[0]!.events },
    dueSweepMs: { median: +median(runs.map((r) => r.dueMs)).toFixed(0), runs: runs.map((r) => +r.dueMs.toFixed(0)) },
    idleSweepMs: { median: +median(runs.map((r) => r.idleMs)).toFixed(0), runs: runs.map((r) => +r.idleMs.toFixed(0)) },
    floorMs: { median: +median(runs.map((r) => r.floorMs)).toFixed(0), runs: runs.map((r) => +r.floorMs.toFixed(0)) },
    walMb: { sweep: +median(runs.map((r) => r.walMb)).toFixed(1), floor: +median(runs.map((r) => r.floorWalMb)).toFixed(1) },
    batch: BATCH,
    ok: runs.every((r) => r.ok),
  };
  console.log(
    `due sweep median ${report.dueSweepMs.median} ms, floor ${report.floorMs.median} ms, idle sweep median ${report.idleSweepMs.median} ms over ${RUNS} runs; ` +
      `load average ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
  );
  mkdirSync(results, { recursive: true });
  writeFileSync(`${results}sla-sweep.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    `${results}sla-sweep.md`,
    `# SLA sweep benchmark (${report.startedAt})

${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}, PostgreSQL ${report.machine.postgres}.
Load average before/after: ${loadBefore.join(' ')} / ${loadAfter.join(' ')} (the machine is shared; figures are under that load).

${TICKETS} open tickets, ${report.clocks} clocks; each run sweeps a fresh copy of the seeded database, at most ${BATCH} clocks per statement.
The floor is the same clocks changed by one bare \`UPDATE\` (no row lock, no event, no ticket read) on another fresh copy.

| sweep | median | runs | WAL (median) |
|---|---|---|---|
| due: ${report.due.atRisk} \`SLA_AT_RISK\` + ${report.due.breached} \`SLA_BREACHED\`, ${report.due.events} events written | **${report.dueSweepMs.median} ms** | ${report.dueSweepMs.runs.join(' / ')} ms | ${report.walMb.sweep} MB |
| floor: the same clock changes, one bare \`UPDATE\` | ${report.floorMs.median} ms | ${report.floorMs.runs.join(' / ')} ms | ${report.walMb.floor} MB |
| idle: nothing due | ${report.idleSweepMs.median} ms | ${report.idleSweepMs.runs.join(' / ')} ms | |

${report.ok ? 'Every run touched exactly the due clocks and wrote one event each.' : '**UNEXPECTED: a run touched a different set of clocks.**'}
`,
  );
  console.log('wrote bench/results/sla-sweep.json and sla-sweep.md');
  if (!report.ok) process.exitCode = 1;
} finally {
  if (!process.env.BENCH_KEEP) await admin(`DROP DATABASE IF EXISTS "${seedName}" WITH (FORCE)`);
}
