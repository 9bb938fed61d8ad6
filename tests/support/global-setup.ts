// Creating an embedded PGlite database runs initdb, which takes seconds. On PGlite runs, build one
// migrated database per test run and let every test server start from a copy of it.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, openDatabase } from '@opsboard/db';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  if (process.env.OPSBOARD_TEST_POSTGRES_URL) {
    project.provide('pgliteTemplate', null);
    return;
  }
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await applyMigrations(db);
    const dump = await db.pglite!.dumpDataDir('none');
    const file = join(tmpdir(), `opsboard-pglite-template-${process.pid}.tar`);
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteTemplate', file);
  } finally {
    await db.close();
  }
}
