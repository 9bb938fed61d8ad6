// pnpm bench:seed-demo — times the demo data (pnpm db:seed, or a first start in demo mode) on an
// empty in-memory PGlite database: migrations, reference data, then the demo itself, and counts the rows.
import { performance } from 'node:perf_hooks';
import { applyMigrations, openDatabase } from '@opsboard/db';
import { seedDemo } from '@opsboard/server/seed/demo.ts';
import { seedReferenceData } from '@opsboard/server/seed/reference.ts';

const timeZone = process.env.OPSBOARD_TIME_ZONE ?? 'America/New_York';
const db = await openDatabase({ dataDir: 'memory://' });
try {
  await applyMigrations(db);
  await seedReferenceData(db.prisma, timeZone);
  const started = performance.now();
  const seeded = await seedDemo(db.prisma, { now: new Date(), timeZone });
  const ms = performance.now() - started;
  const p = db.prisma;
  const rows = {
    tickets: await p.ticket.count(),
    messages: await p.ticketMessage.count(),
    activities: await p.ticketActivity.count(),
    clocks: await p.slaClock.count(),
    escalations: await p.escalation.count(),
    csat: await p.csatResponse.count(),
    incidents: await p.incident.count(),
    pages: await p.page.count(),
    snapshots: await p.metricSnapshot.count(),
  };
  console.log(`seeded the demo on ${db.describe} in ${(ms / 1000).toFixed(1)} s: ${JSON.stringify({ ...seeded, rows })}`);
} finally {
  await db.close();
}
