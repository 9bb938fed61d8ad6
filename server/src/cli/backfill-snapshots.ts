// pnpm backfill-snapshots [--months N] [--days] — rebuilds the report snapshots (MetricSnapshot) of the
// last N months (default 24) and their weeks, and their days with --days; each rerun replaces them.
import { parseArgs } from 'node:util';
import { applyMigrations, openDatabase } from '@opsboard/db';
import { loadConfig } from '../platform/config.ts';
import { backfillSnapshots, MAX_TREND_MONTHS } from '../reports/service.ts';

const { values } = parseArgs({ options: { months: { type: 'string', default: '24' }, days: { type: 'boolean', default: false } } });
const months = Number(values.months);
if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS) {
  console.error(`--months: must be a whole number from 1 to ${MAX_TREND_MONTHS}, got "${values.months}"`);
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  await applyMigrations(db);
  const started = performance.now();
  const counts = await backfillSnapshots(db.prisma, config.timeZone, new Date(), { months, days: values.days });
  console.log(`rebuilt snapshots in ${db.describe}: ${JSON.stringify(counts)} in ${Math.round(performance.now() - started)} ms`);
} finally {
  await db.close();
}
