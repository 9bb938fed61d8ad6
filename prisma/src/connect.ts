import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaClient } from '../generated/client/client.ts';

export interface DatabaseOptions {
  /** `postgres://…`: PostgreSQL through @prisma/adapter-pg. Without it, embedded PGlite. */
  url?: string | undefined;
  /** PGlite data folder; `memory://` keeps everything in memory (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL pool size (pg defaults to 10 and waits forever for a connection). */
  poolSize?: number | undefined;
  connectTimeoutMs?: number | undefined;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  prisma: PrismaClient;
  /**
   * Runs the migration engine's work over a driver adapter of its own. On PostgreSQL that is a
   * single dedicated connection, closed afterwards: the engine takes a session advisory lock, and
   * on a pool its lock and unlock could land on different connections and leave the lock held.
   */
  withMigrationAdapter<T>(use: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>): Promise<T>;
  /** A description without credentials, for logs. */
  describe: string;
  /** The embedded database itself (PGlite only), e.g. to dump it as a template. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options);
  return openPglite(options.dataDir ?? './.data');
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its connection must not take the process down.
  pool.on('error', () => undefined);
  const adapterFactory = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const target = new URL(url);
  return {
    kind: 'postgres',
    prisma,
    async withMigrationAdapter(use) {
      const single = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 });
      single.on('error', () => undefined);
      try {
        return await use(new PrismaPg(single));
      } finally {
        await single.end();
      }
    },
    describe: `postgres://${target.host}${target.pathname} (pool ${options.poolSize ?? 10})`,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // Loaded only for PGlite: on PostgreSQL its modules would cost about 10 MB of resident memory for nothing.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  const pglite = await PGlite.create(inMemory ? undefined : dataDir);
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: 'pglite',
    prisma,
    withMigrationAdapter: (use) => use(adapterFactory),
    describe: inMemory ? 'PGlite (in memory)' : `PGlite (${dataDir})`,
    pglite,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
