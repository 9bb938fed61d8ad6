// pnpm db:migrate — applies the committed migrations to DATABASE_URL, or to the PGlite data folder.
import { openDatabase } from '../connect.ts';
import { applyMigrations } from '../migrations.ts';

const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.OPSBOARD_DATA_DIR });
try {
  const applied = await applyMigrations(db);
  console.log(applied.length ? `applied to ${db.describe}: ${applied.join(', ')}` : `${db.describe} is up to date`);
} finally {
  await db.close();
}
