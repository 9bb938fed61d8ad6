// pnpm bench:sla — open tickets with SLA clocks on PostgreSQL (1 000 000 by default, BENCH_TICKETS),
// then timed SLA sweeps. About 0.1 % of the clocks are past due and 0.1 % more past their at-risk point
// (a few minutes of arrivals); the sweep must touch exactly those. Each run sweeps a fresh copy of the
// seeded database (CREATE DATABASE … TEMPLATE), twice: the due case, then the idle case (nothing left).
// OPSBOARD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.
// The seeded database, opsboard_bench_sla_<tickets>, is dropped at the end unless BENCH_KEEP=1;
// BENCH_REUSE=1 sweeps a kept one again without seeding. BENCH_RUNS (default 3) copies are swept.
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
import { runSlaSweep } from '@opsboard/server/sla/service.ts';
import pg from 'pg';
import pino from 'pino';
import { loadAverage } from './lib/proc.ts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
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
  atRisk: number;
  breached: number;
  events: number;
  ok: boolean;
}

/** One fresh copy of the seeded database: the due sweep, then the idle one, checked against the seed. */
async function sweepCopy(index: number): Promise<Run> {
  const name = `${seedName}_run${index}`;
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  // A file copy (with its checkpoints) rather than a WAL-logged one: no checkpoint of the copy's
  // writes runs during the sweep, and the sweep starts, as after any checkpoint, logging full pages.
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${seedName}" STRATEGY = FILE_COPY`);
  const db = await openDatabase({ url: databaseUrl(name), poolSize: 4, connectTimeoutMs: 60_000 });
  try {
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
    const config = loadConfig({ DATABASE_URL: databaseUrl(name), LOG_LEVEL: 'silent' });
    const rt: Deps = { config, prisma: p, clock: new ManualClock(now), log: pino({ level: 'silent' }), hooks: noHooks, outbound: new Outbound() };

    let t = performance.now();
    const first = await runSlaSweep(rt);
    const dueMs = ms(t);
    t = performance.now();
    const second = await runSlaSweep(rt);
    const idleMs = ms(t);
    const events = await p.event.count({ where: { topic: 'sla' } });
    const ok =
      first.breached === Number(counts!.due) &&
      first.atRisk === Number(counts!.risky) &&
      events === first.atRisk + first.breached &&
      second.atRisk + second.breached === 0;
    console.log(
      `run ${index + 1}: due sweep ${dueMs.toFixed(0)} ms (${first.atRisk} SLA_AT_RISK, ${first.breached} SLA_BREACHED, ${events} events), ` +
        `idle sweep ${idleMs.toFixed(0)} ms${ok ? '' : ' — UNEXPECTED: the sweep touched a different set of clocks'}`,
    );
    return { dueMs, idleMs, atRisk: first.atRisk, breached: first.breached, events, ok };
  } finally {
    await db.close();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
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
    ok: runs.every((r) => r.ok),
  };
  console.log(
    `due sweep median ${report.dueSweepMs.median} ms, idle sweep median ${report.idleSweepMs.median} ms over ${RUNS} runs; ` +
      `load average ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
  );
  mkdirSync(results, { recursive: true });
  writeFileSync(`${results}sla-sweep.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    `${results}sla-sweep.md`,
    `# SLA sweep benchmark (${report.startedAt})

${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}, PostgreSQL ${report.machine.postgres}.
Load average before/after: ${loadBefore.join(' ')} / ${loadAfter.join(' ')} (the machine is shared; figures are under that load).

${TICKETS} open tickets, ${report.clocks} clocks; each run sweeps a fresh copy of the seeded database.

| sweep | median | runs |
|---|---|---|
| due: ${report.due.atRisk} \`SLA_AT_RISK\` + ${report.due.breached} \`SLA_BREACHED\`, ${report.due.events} events written | **${report.dueSweepMs.median} ms** | ${report.dueSweepMs.runs.join(' / ')} ms |
| idle: nothing due | ${report.idleSweepMs.median} ms | ${report.idleSweepMs.runs.join(' / ')} ms |

${report.ok ? 'Every run touched exactly the due clocks and wrote one event each.' : '**UNEXPECTED: a run touched a different set of clocks.**'}
`,
  );
  console.log('wrote bench/results/sla-sweep.json and sla-sweep.md');
  if (!report.ok) process.exitCode = 1;
} finally {
  if (!process.env.BENCH_KEEP) await admin(`DROP DATABASE IF EXISTS "${seedName}" WITH (FORCE)`);
}
