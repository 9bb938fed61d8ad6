// Leadership for long-running work that one instance does at a time (e.g. watching a mailbox).
// On PostgreSQL it is a session-level advisory lock held on a connection of its own, outside the
// pool: it lasts as long as that connection, so a crashed or cut-off holder loses it at once and
// another instance takes over on its next try. PGlite is embedded in one process, so the lease is
// always this instance's.
import pg from 'pg';
import type { Deps } from './db.ts';
import { lockKey } from './jobs.ts';

export interface Lease {
  /** Resolves when the lease is lost (the lock's connection ended); never after `release`. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** Takes the lease `name` if no other instance holds it; null (without waiting) when one does. */
export async function tryLease(deps: Deps, name: string): Promise<Lease | null> {
  const url = deps.config.databaseUrl;
  if (!url) return { lost: new Promise<void>(() => undefined), release: async () => undefined };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: deps.config.databaseConnectTimeoutMs, keepAlive: true });
  let released = false;
  let markLost: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => (markLost = resolve));
  const onGone = (error?: Error) => {
    if (released) return;
    deps.log.warn({ err: error, lease: name }, 'lease connection lost');
    markLost();
  };
  client.on('error', onGone);
  client.on('end', () => onGone());
  try {
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [lockKey(`lease:${name}`).toString()]);
    if (!rows[0]?.locked) {
      released = true;
      await client.end();
      return null;
    }
  } catch (error) {
    released = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    lost,
    async release() {
      if (released) return;
      released = true;
      // Ending the session releases the lock.
      await client.end().catch(() => undefined);
    },
  };
}
