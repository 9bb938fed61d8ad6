// pnpm bench:reports — 1 000 000 tickets over 24 months on PostgreSQL (bulk SQL: generate_series),
// with SLA clocks, CSAT answers and incidents; then times the monthly report and the 12-month trend
// query, cold (no snapshots) and from snapshots. Runs in its own database, opsboard_bench_reports
// (dropped and created; dropped at the end unless BENCH_KEEP=1), on OPSBOARD_BENCH_POSTGRES_URL
// (default postgres://postgres@127.0.0.1:5432/postgres).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { applyMigrations, openDatabase } from '@opsboard/db';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { loadConfig } from '@opsboard/server/platform/config.ts';
import { type Deps, noHooks } from '@opsboard/server/platform/db.ts';
import { Outbound } from '@opsboard/server/platform/outbound.ts';
import { seedReferenceData } from '@opsboard/server/seed/reference.ts';
import { periodRange, previousPeriod } from '@opsboard/server/reports/metrics.ts';
import { buildRollups } from '@opsboard/server/reports/rollups.ts';
import { backfillSnapshots, monthlyReport, trends } from '@opsboard/server/reports/service.ts';
import pg from 'pg';
import pino from 'pino';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
/** Connections the seeding statements are spread over (BENCH_SEED_CONNECTIONS). */
const CONNECTIONS = Math.max(1, Number(process.env.BENCH_SEED_CONNECTIONS ?? 2));
const MONTHS = 24;
const adminUrl = process.env.OPSBOARD_BENCH_POSTGRES_URL ?? process.env.OPSBOARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = 'opsboard_bench_reports';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The indexes, constraints and triggers of the database (names and definitions, enabled or not): seeding
 * drops and recreates some of them, and must leave exactly what the migrations made.
 */
async function schemaSignature(c: pg.Client): Promise<string[]> {
  const { rows } = await c.query<{ d: string }>(`
    SELECT 'index ' || indexdef AS d FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'trigger ' || tgrelid::regclass::text || ' ' || CASE WHEN tgisinternal THEN tgfoid::regproc::text || ' ' || coalesce(k.conname, '') ELSE pg_get_triggerdef(g.oid) END
           || ' ' || g.tgenabled::text
      FROM pg_trigger g LEFT JOIN pg_constraint k ON k.oid = g.tgconstraint
     WHERE g.tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
    ORDER BY 1`);
  return rows.map((r) => r.d);
}

/** JSON with sorted keys (a snapshot comes back from jsonb with its keys reordered). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
/** The exact parts of the metrics (rollup percentiles are within a bound of the snapshot's exact ones). */
const counted = (m: { volume: unknown; resolvedCount: unknown; csat: unknown; sla: unknown; reopen: unknown; escalation: unknown; topIssues: unknown }) => ({
  volume: m.volume,
  resolvedCount: m.resolvedCount,
  csat: m.csat,
  sla: m.sla,
  reopen: m.reopen,
  escalation: m.escalation,
  topIssues: m.topIssues,
});
const seconds = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;
async function timed<T>(label: string, work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await work();
  const ms = performance.now() - t;
  console.log(`${label}: ${ms.toFixed(0)} ms`);
  return { ms, value };
}

// Results: bench/results/report-rollups-<size>.json and .md (size from BENCH_TICKETS: 1m, 10m, …), or
// BENCH_RESULTS=<name>; with the load average (1, 5, 15 min) at the start and at the end.
const size = TICKETS % 1_000_000 === 0 ? `${TICKETS / 1_000_000}m` : `${TICKETS}`;
const resultsName = process.env.BENCH_RESULTS ?? `report-rollups-${size}`;
const result: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`,
  reuse: !!process.env.BENCH_REUSE,
  seedConnections: CONNECTIONS,
  loadAverageStart: loadavg().map((x) => Number(x.toFixed(2))),
};
const ms = (x: unknown) => (x == null ? '–' : `${Array.isArray(x) ? x.join(' / ') : String(x)} ms`);
function writeResults(): void {
  result.loadAverageEnd = loadavg().map((x) => Number(x.toFixed(2)));
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${resultsName}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const steps = (result.seedSteps ?? {}) as Record<string, number>;
  const lines = [
    `# Report rollups benchmark, ${String(result.tickets)} tickets (${String(result.date).slice(0, 10)})`,
    '',
    `${String(result.machine)}. Load average (1, 5, 15 min) at the start ${(result.loadAverageStart as number[]).join(' ')}, at the end ${(result.loadAverageEnd as number[]).join(' ')}.`,
    `${String(result.slaClocks)} SLA clocks, ${String(result.csatAnswers)} CSAT answers.`,
    '',
    '| step | result |',
    '|---|---|',
    ...(result.seedSeconds == null
      ? ['| seeding | reused database |']
      : [
          `| seeding (${CONNECTIONS} connections) | ${String(result.seedSeconds)} s |`,
          ...Object.entries(steps).map(([k, v]) => `| &nbsp;&nbsp;${k} | ${v} s |`),
        ]),
    ...(result.monthlyReportComputedMs === undefined
      ? []
      : [
          `| daily rollups built (${String(result.rollupDays ?? '–')} days) | ${ms(result.rollupsBuiltMs)} |`,
          `| monthly report computed, runs 1 / 2 | ${ms(result.monthlyReportComputedMs)} |`,
          `| 12-month trends computed (every month) | ${ms(result.trendsComputedMs)} |`,
          `| backfill 13 month snapshots | ${ms(result.backfill13MonthsMs)} |`,
          `| monthly report from its snapshot | ${ms(result.monthlyReportFromSnapshotMs)} |`,
          `| 12-month trends from snapshots | ${ms(result.trendsFromSnapshotsMs)} |`,
        ]),
    '',
  ];
  writeFileSync(join(dir, `${resultsName}.md`), lines.join('\n'));
  console.log(`wrote bench/results/${resultsName}.json and .md`);
}

// BENCH_REUSE=1 times a database kept by an earlier run (BENCH_KEEP=1) instead of seeding again.
const reuse = !!process.env.BENCH_REUSE;
if (!reuse) {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openDatabase({ url: url.toString(), poolSize: 10, connectTimeoutMs: 60_000 });
try {
  await applyMigrations(db);
  await seedReferenceData(db.prisma);
  const p = db.prisma;
  const setup = performance.now();
  let seedSteps: Record<string, number> | null = null;
  if (!reuse) await seed();
  async function seed(): Promise<void> {
    // Session settings for a bulk load: no wait for the WAL flush at commit, room for the index sorts.
    const clients = await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const c = new pg.Client({ connectionString: url.toString() });
        await c.connect();
        await c.query(`SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'`);
        return c;
      }),
    );
    const [c0] = clients as [pg.Client];
    const steps: Record<string, number> = {};
    /** Runs the statements over the connections (each takes the next one free), and records the step's seconds. */
    async function step(label: string, statements: string[]): Promise<void> {
      const t = performance.now();
      const queue = [...statements];
      await Promise.all(
        clients.map(async (c) => {
          for (let s = queue.shift(); s !== undefined; s = queue.shift()) await c.query(s);
        }),
      );
      steps[label] = Math.round(performance.now() - t) / 1000;
      console.log(`  ${label}: ${seconds(t)}`);
    }
    try {
      const before = await schemaSignature(c0);
      // The big tables load with their secondary indexes, keys (and the foreign keys that point at them) and
      // the rollup triggers off, then get them back exactly as the migrations made them (checked below).
      const bulk = ['"Ticket"', '"SlaClock"', '"CsatResponse"'];
      const { rows: keys } = await c0.query<{ tbl: string; conname: string; def: string; contype: string }>(
        `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def, contype FROM pg_constraint
          WHERE contype IN ('p', 'f') AND (conrelid = ANY($1::regclass[]) OR confrelid = ANY($1::regclass[]))`,
        [bulk],
      );
      const { rows: indexes } = await c0.query<{ name: string; def: string }>(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
          WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype = 'p')`,
        [bulk],
      );
      const fks = keys.filter((k) => k.contype === 'f');
      const pks = keys.filter((k) => k.contype === 'p');
      await step('drop keys, indexes and triggers', [
        [
          ...fks.map((k) => `ALTER TABLE ${k.tbl} DROP CONSTRAINT "${k.conname}"`),
          ...pks.map((k) => `ALTER TABLE ${k.tbl} DROP CONSTRAINT "${k.conname}"`),
          ...indexes.map((i) => `DROP INDEX ${i.name}`),
          ...bulk.map((t) => `ALTER TABLE ${t} DISABLE TRIGGER USER`),
        ].join(';\n'),
      ]);

      await step('users', [
        `INSERT INTO "User" (id, email, name, role, "updatedAt")
         SELECT gen_random_uuid(), 'agent' || g || '@bench.example', 'Agent ' || g, 'AGENT', now() FROM generate_series(1, 12) g`,
      ]);
      // Tickets spread evenly over 24 months; channel, type, priority, 40 recurring subjects; 0.5 % spam;
      // 95 % answered (minutes to hours), 92 % resolved (hours to days; not after now), 3 % of those reopened
      // once, 8 % escalated. Numbered in creation order, so the table is laid out by creation time as a live
      // one is (the tickets of a day share pages). One chunk per connection.
      const chunk = Math.ceil(TICKETS / CONNECTIONS);
      await step(
        'tickets',
        clients.map(
          (_c, i) => `
      INSERT INTO "Ticket" (id, title, description, channel, type, priority, status, "reopenCount", "escalationLevel", tags, "isSpam",
                            "ownerId", "createdAt", "updatedAt", "firstRespondedAt", "resolvedAt")
      SELECT gen_random_uuid(),
             (ARRAY['Login fails','Export to CSV broken','Invoice missing','Password reset mail','Slow dashboard','API returns 500',
                    'Cannot upload file','Dark mode request','Billing question','Account locked'])[1 + (g % 10)] || ' ' || (g % 4),
             'Benchmark ticket', (ARRAY['EMAIL','EMAIL','EMAIL','GITHUB','GITHUB','WEB','SOCIAL','COMMUNITY'])[1 + (g % 8)]::"Channel",
             (ARRAY['BUG','QUESTION','FEATURE_REQUEST','ACCOUNT_ACCESS','FEEDBACK','COMPLAINT'])[1 + (g % 6)]::"TicketType",
             (ARRAY['P1','P2','P2','P3','P3','P3'])[1 + (g % 6)]::"Priority",
             CASE WHEN y.resolved IS NOT NULL THEN 'CLOSED' ELSE 'IN_PROGRESS' END::"TicketStatus",
             CASE WHEN x.res AND g % 33 = 0 THEN 1 ELSE 0 END,
             CASE WHEN g % 12 = 0 THEN 'L2' ELSE 'L1' END::"EscalationLevel",
             CASE WHEN g % 5 = 0 THEN ARRAY['tag' || (g % 7)] ELSE ARRAY[]::text[] END,
             g % 200 = 0,
             o.ids[1 + g % 12],
             x.created, now(),
             CASE WHEN g % 20 <> 0 THEN x.created + (-ln(random()) * 180) * interval '1 minute' END,
             y.resolved
        FROM generate_series(${i * chunk + 1}, ${Math.min(TICKETS, (i + 1) * chunk)}) g
       CROSS JOIN (SELECT array_agg(id ORDER BY email) AS ids FROM "User" WHERE email LIKE '%@bench.example') o
       CROSS JOIN LATERAL (SELECT now() - ((${TICKETS} - g + random()) / ${TICKETS}) * ${MONTHS} * 30.4 * interval '1 day' AS created, (g % 25 <> 0) AS res) x
       CROSS JOIN LATERAL (SELECT CASE WHEN x.res THEN x.created + (-ln(random()) * 2880) * interval '1 minute' END AS at) r
       CROSS JOIN LATERAL (SELECT CASE WHEN r.at <= now() THEN r.at END AS resolved) y`,
        ),
      );
      // Two clocks per ticket, 90 % met.
      await step(
        'SLA clocks',
        clients.map(
          (_c, i) => `
      INSERT INTO "SlaClock" (id, "ticketId", kind, state, basis, "targetMinutes", "startedAt", "updatedAt")
      SELECT gen_random_uuid(), t.id, k.kind::"SlaClockKind", CASE WHEN random() < 0.9 THEN 'MET' ELSE 'BREACHED' END::"SlaClockState", 'CALENDAR', 240, t."createdAt", now()
        FROM "Ticket" t CROSS JOIN (VALUES ('FIRST_RESPONSE'), ('RESOLUTION')) AS k(kind) WHERE t.number % ${CONNECTIONS} = ${i}`,
        ),
      );
      // A third of resolved tickets answer the survey, mostly 4–5.
      await step('CSAT answers and incidents', [
        `INSERT INTO "CsatResponse" (id, "ticketId", "tokenHash", "sentAt", rating, "answeredAt")
         SELECT gen_random_uuid(), t.id, md5(t.id::text), t."resolvedAt", (ARRAY[5,5,5,5,4,4,4,3,2,1])[1 + floor(random() * 10)::int], t."resolvedAt" + interval '3 hours'
           FROM "Ticket" t WHERE t."resolvedAt" IS NOT NULL AND t.number % 3 = 0`,
        `INSERT INTO "Incident" (id, title, severity, status, "declaredAt", "acknowledgedAt", "resolvedAt", "createdAt", "updatedAt")
         SELECT gen_random_uuid(), 'Incident ' || g, 'P0', 'RESOLVED', d, d + interval '7 minutes', d + (60 + random() * 300) * interval '1 minute', d, now()
           FROM generate_series(1, 480) g CROSS JOIN LATERAL (SELECT now() - (random() * ${MONTHS} * 30.4) * interval '1 day' AS d) x`,
      ]);
      await step(
        'primary keys',
        pks.map((k) => `ALTER TABLE ${k.tbl} ADD CONSTRAINT "${k.conname}" ${k.def}`),
      );
      await step(
        'indexes',
        indexes.map((i) => i.def),
      );
      await step('foreign keys and triggers', [
        ...fks.map((k) => `ALTER TABLE ${k.tbl} ADD CONSTRAINT "${k.conname}" ${k.def}`),
        ...bulk.map((t) => `ALTER TABLE ${t} ENABLE TRIGGER USER`),
      ]);
      await step('vacuum analyze', ['VACUUM ANALYZE "Ticket"', 'VACUUM ANALYZE "SlaClock"']);
      await step('vacuum analyze (the rest)', ['VACUUM ANALYZE']);
      const after = await schemaSignature(c0);
      const missing = before.filter((d) => !after.includes(d));
      const extra = after.filter((d) => !before.includes(d));
      if (missing.length || extra.length) throw new Error(`seeding changed the schema: missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`);
      console.log(`  schema after seeding: the same ${after.length} indexes, constraints and triggers as the migrations made`);
      seedSteps = steps;
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  }
  await p.metricSnapshot.deleteMany({});
  const [counts] = await p.$queryRawUnsafe<{ tickets: bigint; clocks: bigint; csat: bigint }[]>(
    `SELECT (SELECT count(*) FROM "Ticket") AS tickets, (SELECT count(*) FROM "SlaClock") AS clocks, (SELECT count(*) FROM "CsatResponse") AS csat`,
  );
  console.log(`setup: ${counts!.tickets} tickets, ${counts!.clocks} SLA clocks, ${counts!.csat} CSAT answers in ${seconds(setup)}`);
  result.tickets = Number(counts!.tickets);
  result.slaClocks = Number(counts!.clocks);
  result.csatAnswers = Number(counts!.csat);
  if (!reuse) {
    result.seedSeconds = Math.round(performance.now() - setup) / 1000;
    result.seedSteps = seedSteps;
  }
  // BENCH_SEED_ONLY=1 (with BENCH_KEEP=1) seeds and stops, for timing later runs with BENCH_REUSE=1.
  if (process.env.BENCH_SEED_ONLY) {
    writeResults();
    process.exit(0);
  }

  const config = loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '10' });
  const rt: Deps = { config, prisma: p, clock: systemClock, log: pino({ level: 'silent' }), hooks: noHooks, outbound: new Outbound() };
  const lastMonth = previousPeriod('MONTH', periodRange('MONTH', new Date(), config.timeZone).start, config.timeZone).start;

  // The daily rollups of every ended day (what the minute job keeps); BENCH_NO_ROLLUPS=1 times the row path
  // (on a fresh database), BENCH_KEEP_ROLLUPS=1 times the rollups a kept database already has.
  const rollups =
    process.env.BENCH_NO_ROLLUPS || process.env.BENCH_KEEP_ROLLUPS
      ? null
      : await timed('daily rollups built (every ended day)', async () => {
          await p.$executeRawUnsafe('TRUNCATE "ReportRollupDay", "ReportRollupCount", "ReportRollupBucket", "ReportRollupChange"');
          const days = await buildRollups(p, config.timeZone, new Date(Date.now() - (MONTHS + 1) * 31 * 86_400_000), new Date());
          await p.$executeRawUnsafe('TRUNCATE "ReportRollupChange"');
          await p.$executeRawUnsafe('ANALYZE "ReportRollupDay", "ReportRollupCount", "ReportRollupBucket"');
          return days;
        });
  const monthly1 = await timed('monthly report computed (last month + the month before + backlog), run 1', () => monthlyReport(rt, lastMonth));
  const monthly2 = await timed('monthly report computed, run 2', () => monthlyReport(rt, lastMonth));
  const m = monthly2.value.metrics;
  console.log(
    `  ${monthly2.value.title}: ${m.volume.total} created, ${m.resolvedCount} resolved, CSAT ${m.csat.score}, resolution p50 ${m.resolution.calendar.p50} min`,
  );
  const cold = process.env.BENCH_SKIP_COLD ? null : await timed('12-month trends, no snapshots (every month computed)', () => trends(rt, 12));
  // What the jobs keep: one snapshot per month (the backfill of 13 months; weeks and days are not needed here).
  // BENCH_SKIP_SNAPSHOTS=1 leaves this part out (a re-measure of the computed report and trends).
  const snapshots = process.env.BENCH_SKIP_SNAPSHOTS
    ? null
    : await (async () => {
        const backfill = await timed('backfill: 13 month snapshots', () => backfillSnapshots(p, config.timeZone, new Date(), { months: 13, weeks: false }));
        const monthly3 = await timed('monthly report from snapshots (+ backlog)', () => monthlyReport(rt, lastMonth));
        const warm = await timed('12-month trends from snapshots (11 stored, this month computed)', () => trends(rt, 12));
        console.log(
          `  from snapshot: report ${monthly3.value.fromSnapshot}, trend months ${warm.value.filter((pt) => pt.fromSnapshot).length}; same counts: ${canonical(counted(monthly3.value.metrics)) === canonical(counted(m))}`,
        );
        return { backfill, monthly3, warm };
      })();
  Object.assign(result, {
    rollupsBuiltMs: rollups ? Math.round(rollups.ms) : null,
    rollupDays: rollups?.value ?? null,
    monthlyReportComputedMs: [Math.round(monthly1.ms), Math.round(monthly2.ms)],
    trendsComputedMs: cold ? Math.round(cold.ms) : null,
    backfill13MonthsMs: snapshots ? Math.round(snapshots.backfill.ms) : null,
    monthlyReportFromSnapshotMs: snapshots ? Math.round(snapshots.monthly3.ms) : null,
    trendsFromSnapshotsMs: snapshots ? Math.round(snapshots.warm.ms) : null,
    lastMonth: {
      title: monthly2.value.title,
      created: m.volume.total,
      resolved: m.resolvedCount,
      csat: m.csat.score,
      resolutionP50: m.resolution.calendar.p50,
    },
  });
  writeResults();
} finally {
  await db.close();
  if (!process.env.BENCH_KEEP) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
