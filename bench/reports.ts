// pnpm bench:reports — 1 000 000 tickets over 24 months on PostgreSQL (bulk SQL: generate_series),
// with SLA clocks, CSAT answers and incidents; then times the monthly report and the 12-month trend
// query, cold (no snapshots) and from snapshots. Runs in its own database, opsboard_bench_reports
// (dropped and created; dropped at the end unless BENCH_KEEP=1), on OPSBOARD_BENCH_POSTGRES_URL
// (default postgres://postgres@127.0.0.1:5432/postgres).
import { performance } from 'node:perf_hooks';
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
  if (!reuse) await seed();
  async function seed(): Promise<void> {
    const sql = (text: string) => p.$executeRawUnsafe(text);

    await sql(`INSERT INTO "User" (id, email, name, role, "updatedAt")
             SELECT gen_random_uuid(), 'agent' || g || '@bench.example', 'Agent ' || g, 'AGENT', now() FROM generate_series(1, 12) g`);
    // Tickets spread evenly over 24 months; channel, type, priority, 40 recurring subjects; 0.5 % spam;
    // 95 % answered (minutes to hours), 92 % resolved (hours to days), 3 % of those reopened once, 8 % escalated.
    await sql(`
    INSERT INTO "Ticket" (id, title, description, channel, type, priority, status, "reopenCount", "escalationLevel", tags, "isSpam",
                          "ownerId", "createdAt", "updatedAt", "firstRespondedAt", "resolvedAt")
    SELECT gen_random_uuid(),
           (ARRAY['Login fails','Export to CSV broken','Invoice missing','Password reset mail','Slow dashboard','API returns 500',
                  'Cannot upload file','Dark mode request','Billing question','Account locked'])[1 + (g % 10)] || ' ' || (g % 4),
           'Benchmark ticket', (ARRAY['EMAIL','EMAIL','EMAIL','GITHUB','GITHUB','WEB','SOCIAL','COMMUNITY'])[1 + (g % 8)]::"Channel",
           (ARRAY['BUG','QUESTION','FEATURE_REQUEST','ACCOUNT_ACCESS','FEEDBACK','COMPLAINT'])[1 + (g % 6)]::"TicketType",
           (ARRAY['P1','P2','P2','P3','P3','P3'])[1 + (g % 6)]::"Priority",
           CASE WHEN x.res THEN 'CLOSED' ELSE 'IN_PROGRESS' END::"TicketStatus",
           CASE WHEN x.res AND g % 33 = 0 THEN 1 ELSE 0 END,
           CASE WHEN g % 12 = 0 THEN 'L2' ELSE 'L1' END::"EscalationLevel",
           CASE WHEN g % 5 = 0 THEN ARRAY['tag' || (g % 7)] ELSE ARRAY[]::text[] END,
           g % 200 = 0,
           o.ids[1 + g % 12],
           x.created, now(),
           CASE WHEN g % 20 <> 0 THEN x.created + (-ln(random()) * 180) * interval '1 minute' END,
           CASE WHEN x.res THEN x.created + (-ln(random()) * 2880) * interval '1 minute' END
      FROM generate_series(1, ${TICKETS}) g
     CROSS JOIN (SELECT array_agg(id ORDER BY email) AS ids FROM "User" WHERE email LIKE '%@bench.example') o
     CROSS JOIN LATERAL (SELECT now() - (random() * ${MONTHS} * 30.4) * interval '1 day' AS created, (g % 25 <> 0) AS res) x`);
    console.log(`tickets: ${seconds(setup)}`);
    await sql(`UPDATE "Ticket" SET "resolvedAt" = NULL, status = 'IN_PROGRESS' WHERE "resolvedAt" > now()`);
    // Two clocks per ticket, 90 % met.
    await sql(`
    INSERT INTO "SlaClock" (id, "ticketId", kind, state, basis, "targetMinutes", "startedAt", "updatedAt")
    SELECT gen_random_uuid(), t.id, k.kind::"SlaClockKind", CASE WHEN random() < 0.9 THEN 'MET' ELSE 'BREACHED' END::"SlaClockState", 'CALENDAR', 240, t."createdAt", now()
      FROM "Ticket" t CROSS JOIN (VALUES ('FIRST_RESPONSE'), ('RESOLUTION')) AS k(kind)`);
    console.log(`clocks: ${seconds(setup)}`);
    // A third of resolved tickets answer the survey, mostly 4–5.
    await sql(`
    INSERT INTO "CsatResponse" (id, "ticketId", "tokenHash", "sentAt", rating, "answeredAt")
    SELECT gen_random_uuid(), t.id, md5(t.id::text), t."resolvedAt", (ARRAY[5,5,5,5,4,4,4,3,2,1])[1 + floor(random() * 10)::int], t."resolvedAt" + interval '3 hours'
      FROM "Ticket" t WHERE t."resolvedAt" IS NOT NULL AND t.number % 3 = 0`);
    await sql(`
    INSERT INTO "Incident" (id, title, severity, status, "declaredAt", "acknowledgedAt", "resolvedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'Incident ' || g, 'P0', 'RESOLVED', d, d + interval '7 minutes', d + (60 + random() * 300) * interval '1 minute', d, now()
      FROM generate_series(1, 480) g CROSS JOIN LATERAL (SELECT now() - (random() * ${MONTHS} * 30.4) * interval '1 day' AS d) x`);
    await sql('VACUUM ANALYZE');
  }
  await p.metricSnapshot.deleteMany({});
  const [counts] = await p.$queryRawUnsafe<{ tickets: bigint; clocks: bigint; csat: bigint }[]>(
    `SELECT (SELECT count(*) FROM "Ticket") AS tickets, (SELECT count(*) FROM "SlaClock") AS clocks, (SELECT count(*) FROM "CsatResponse") AS csat`,
  );
  console.log(`setup: ${counts!.tickets} tickets, ${counts!.clocks} SLA clocks, ${counts!.csat} CSAT answers in ${seconds(setup)}`);
  // BENCH_SEED_ONLY=1 (with BENCH_KEEP=1) seeds and stops, for timing later runs with BENCH_REUSE=1.
  if (process.env.BENCH_SEED_ONLY) process.exit(0);

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
  const backfill = await timed('backfill: 13 month snapshots', () => backfillSnapshots(p, config.timeZone, new Date(), { months: 13, weeks: false }));
  const monthly3 = await timed('monthly report from snapshots (+ backlog)', () => monthlyReport(rt, lastMonth));
  const warm = await timed('12-month trends from snapshots (11 stored, this month computed)', () => trends(rt, 12));
  console.log(
    `  from snapshot: report ${monthly3.value.fromSnapshot}, trend months ${warm.value.filter((pt) => pt.fromSnapshot).length}; same counts: ${canonical(counted(monthly3.value.metrics)) === canonical(counted(m))}`,
  );
  console.log(
    JSON.stringify({
      tickets: Number(counts!.tickets),
      rollupsBuiltMs: rollups ? Math.round(rollups.ms) : null,
      rollupDays: rollups?.value ?? null,
      monthlyReportComputedMs: [Math.round(monthly1.ms), Math.round(monthly2.ms)],
      trendsComputedMs: cold ? Math.round(cold.ms) : null,
      backfill13MonthsMs: Math.round(backfill.ms),
      monthlyReportFromSnapshotMs: Math.round(monthly3.ms),
      trendsFromSnapshotsMs: Math.round(warm.ms),
    }),
  );
} finally {
  await db.close();
  if (!process.env.BENCH_KEEP) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
