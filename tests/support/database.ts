// A fresh database per test server group: embedded PGlite in a temporary folder by default, or a
// new PostgreSQL database when OPSBOARD_TEST_POSTGRES_URL is set (see tests/support/with-postgres.mjs).
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** DATABASE_URL for PostgreSQL, undefined for PGlite. */
  url: string | undefined;
  /** OPSBOARD_DATA_DIR for PGlite. */
  dataDir: string;
  drop(): Promise<void>;
}

export const postgresAdminUrl = process.env.OPSBOARD_TEST_POSTGRES_URL;

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'opsboard-test-'));
  if (!postgresAdminUrl) {
    const template = inject('pgliteTemplate');
    if (template) {
      const copy = await PGlite.create(dataDir, { loadDataDir: new Blob([await readFile(template)]) });
      await copy.close();
    }
    return { kind: 'pglite', url: undefined, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `opsboard_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    dataDir,
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
