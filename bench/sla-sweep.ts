// pnpm bench:sla — 100 000 open tickets with SLA clocks on a fresh PostgreSQL database, then one
// timed SLA sweep. About 0.1 % of the clocks are past due and 0.1 % more past their at-risk point (a few minutes of arrivals); the sweep
// must touch exactly those. OPSBOARD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres)
// names the server; the benchmark creates and drops its own database there.
import { performance } from 'node:perf_hooks';
import { applyMigrations, openDatabase } from '@opsboard/db';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { loadConfig } from '@opsboard/server/platform/config.ts';
import { type Deps, noHooks } from '@opsboard/server/platform/db.ts';
import { Outbound } from '@opsboard/server/platform/outbound.ts';
import { seedReferenceData } from '@opsboard/server/seed/reference.ts';
import { runSlaSweep } from '@opsboard/server/sla/service.ts';
import pg from 'pg';
import pino from 'pino';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const adminUrl = process.env.OPSBOARD_BENCH_POSTGRES_URL ?? process.env.OPSBOARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `opsboard_bench_${Date.now().toString(36)}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;

await admin(`CREATE DATABASE "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openDatabase({ url: url.toString(), poolSize: 4 });
try {
  await applyMigrations(db);
  await seedReferenceData(db.prisma);
  const p = db.prisma;

  let t = performance.now();
  // Bulk SQL: tickets opened over the last two days, each with a FIRST_RESPONSE and a RESOLUTION clock.
  await p.$executeRawUnsafe(`
    INSERT INTO "Ticket" (id, title, description, channel, priority, status, "createdAt", "updatedAt", "lastProgressAt")
    SELECT gen_random_uuid(), 'Benchmark ticket ' || g, 'Load for the SLA sweep', 'EMAIL', 'P2', 'IN_PROGRESS',
           now() - (g % 2880) * interval '1 minute', now(), now()
      FROM generate_series(1, ${TICKETS}) AS g`);
  // Per kind: 0.1 % past due (→ breached), 0.1 % past the at-risk point only, the rest comfortably ahead.
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
  const [counts] = await p.$queryRawUnsafe<{ clocks: bigint; due: bigint; risky: bigint }[]>(`
    SELECT count(*) AS clocks,
           count(*) FILTER (WHERE "dueAt" <= now()) AS due,
           count(*) FILTER (WHERE "atRiskAt" <= now()) AS risky
      FROM "SlaClock"`);
  console.log(`setup: ${TICKETS} tickets, ${counts!.clocks} clocks (${counts!.due} past due, ${counts!.risky} past at-risk) in ${ms(t)}`);

  const config = loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' });
  const rt: Deps = { config, prisma: p, clock: systemClock, log: pino({ level: 'silent' }), hooks: noHooks, outbound: new Outbound() };

  t = performance.now();
  const first = await runSlaSweep(rt);
  const firstMs = performance.now() - t;
  t = performance.now();
  const second = await runSlaSweep(rt);
  const secondMs = performance.now() - t;
  const events = await p.event.count({ where: { topic: 'sla' } });
  console.log(`sweep 1: ${firstMs.toFixed(0)} ms — ${first.atRisk} SLA_AT_RISK, ${first.breached} SLA_BREACHED, ${events} events written`);
  console.log(`sweep 2: ${secondMs.toFixed(0)} ms — ${second.atRisk} at risk, ${second.breached} breached (nothing left to do)`);
  const ok = first.breached === Number(counts!.due) && first.atRisk === Number(counts!.risky) && second.atRisk + second.breached === 0;
  console.log(ok ? 'only the due clocks were touched' : 'UNEXPECTED: the sweep touched a different set of clocks');
  if (!ok) process.exitCode = 1;
} finally {
  await db.close();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
