import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './connect.ts';
import { withSchemaEngine } from './engine.ts';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';

export const prismaDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const migrationsDir = join(prismaDir, 'migrations');
export const schemaPath = join(prismaDir, 'schema.prisma');

const noFilters = { externalTables: [], externalEnums: [] };

export async function readMigrations(dir = migrationsDir): Promise<MigrationList> {
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      folders.map(async (path) => ({
        path,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(join(dir, path, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/**
 * Whether the database already holds every committed migration, finished and with the same
 * checksum (Prisma's: the SHA-256 of migration.sql). Then a start need not load the migration engine
 * (a WebAssembly module, about two seconds of CPU); anything else — a new database, a migration not
 * applied yet, one edited or failed — goes through the engine, which applies, refuses or reports.
 */
async function allApplied(db: Database, migrationsList: MigrationList): Promise<boolean> {
  let rows: { migration_name: string; checksum: string }[];
  try {
    rows = await db.prisma.$queryRawUnsafe(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
  } catch {
    return false; // no migrations table yet
  }
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  return migrationsList.migrationDirectories.every((m) => {
    const content = m.migrationFile.content;
    return content.tag === 'ok' && applied.get(m.path) === createHash('sha256').update(content.value).digest('hex');
  });
}

/** Applies the committed migrations that the database has not seen yet; returns their names. */
export async function applyMigrations(db: Database): Promise<string[]> {
  const migrationsList = await readMigrations();
  if (await allApplied(db, migrationsList)) return [];
  const out = await db.withMigrationAdapter((factory) =>
    withSchemaEngine(factory, undefined, (engine) => engine.applyMigrations({ migrationsList, filters: noFilters })),
  );
  return out.appliedMigrationNames;
}

/**
 * The SQL that takes a database built from the committed migrations to what schema.prisma
 * describes; empty when they agree. Runs against a scratch in-memory PGlite.
 */
export async function diffSchemaAgainstMigrations(): Promise<string> {
  // Loaded here, not at the top: a server on PostgreSQL never needs PGlite's modules in memory.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  const scratch = await PGlite.create();
  try {
    const adapterFactory = new PrismaPGlite(scratch);
    const migrationsList = await readMigrations();
    const schema = { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
    return await withSchemaEngine(adapterFactory, schema, async (engine) => {
      await engine.applyMigrations({ migrationsList, filters: noFilters });
      const result = await engine.diff({
        from: { tag: 'schemaDatasource', files: [schema], configDir: prismaDir },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: null,
        filters: noFilters,
      });
      return result.stdout ?? '';
    });
  } finally {
    await scratch.close();
  }
}

/** True when a diff script changes nothing (the engine prints an empty-migration comment). */
export function isEmptyMigration(sql: string): boolean {
  return (
    sql
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('--')).length === 0
  );
}
