// pnpm db:diff <name> — writes the next migration from the changes in schema.prisma.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diffSchemaAgainstMigrations, isEmptyMigration, migrationsDir } from '../migrations.ts';

const name = (process.argv[2] ?? '')
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '');
if (!name) {
  console.error('usage: pnpm db:diff <migration_name>');
  process.exit(2);
}

const sql = await diffSchemaAgainstMigrations();
if (isEmptyMigration(sql)) {
  console.log('schema.prisma and the migrations agree: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'migration.sql'), sql);
await writeFile(join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
console.log(`wrote ${dir}/migration.sql`);
