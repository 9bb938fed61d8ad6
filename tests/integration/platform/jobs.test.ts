// A job runs once across instances: the second instance to try while the first holds the lock skips.
import { runExclusive } from '@opsboard/server/platform/jobs.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { startServer, type TestServer } from '../../support/server.ts';

describe.skipIf(!process.env.OPSBOARD_TEST_POSTGRES_URL)('runExclusive on PostgreSQL', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startServer({ db });
    b = await startServer({ db });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('lets one instance run a job while the other skips, and frees the lock afterwards', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));

    const first = runExclusive(a.app.rt, 'test-job', async () => {
      entered();
      await held;
      return 'a';
    });
    await running;
    const second = await runExclusive(b.app.rt, 'test-job', async () => 'b');
    release();

    expect(await first).toEqual({ ran: true, result: 'a' });
    expect(second).toEqual({ ran: false });
    expect(await runExclusive(b.app.rt, 'test-job', async () => 'b again')).toEqual({ ran: true, result: 'b again' });
    expect(await runExclusive(a.app.rt, 'another-job', async () => 'independent')).toEqual({ ran: true, result: 'independent' });
  });
});
