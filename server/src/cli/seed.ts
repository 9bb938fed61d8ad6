// pnpm db:seed — applies migrations and fills an empty database with the reference and demo data.
import { applyMigrations, openDatabase } from '@opsboard/db';
import { loadConfig } from '../platform/config.ts';
import { seedDemo } from '../seed/demo.ts';
import { seedReferenceData } from '../seed/reference.ts';

const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  await applyMigrations(db);
  await seedReferenceData(db.prisma, config.timeZone);
  const seeded = await seedDemo(db.prisma, { now: new Date(), timeZone: config.timeZone });
  console.log(seeded.tickets ? `seeded ${db.describe}: ${JSON.stringify(seeded)}` : `${db.describe} already has tickets; demo data left alone`);
} finally {
  await db.close();
}
