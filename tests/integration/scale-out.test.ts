// Several instances on one PostgreSQL database, woken through Redis (runs in `pnpm test:pg`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { subscribe } from '../support/stream.ts';

const redisUrl = process.env.OPSBOARD_TEST_REDIS_URL;
const enabled = !!process.env.OPSBOARD_TEST_POSTGRES_URL && !!redisUrl;

type Ev = { events: { id: string; entityId: string } };
const EVENTS = `subscription ($after: ID) { events(after: $after) { id entityId } }`;

describe.skipIf(!enabled)('two instances with Redis', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A long poll interval: only the Redis signal can deliver within the test's time.
    const env = { REDIS_URL: redisUrl!, OPSBOARD_EVENT_POLL_MS: '60000' };
    a = await startServer({ db, env });
    b = await startServer({ db, env });
  });
  afterAll(async () => {
    await a?.stop().catch(() => undefined);
    await b?.stop();
    await db?.drop();
  });

  it('delivers an event written on instance A to a client of instance B', async () => {
    const stream = subscribe<Ev>(b.ws(), EVENTS, { after: (await b.app.rt.prisma.event.count()).toString() });
    const ticket = await createTicket(a);
    await stream.until((r) => r.some((m) => m.events.entityId === ticket.id), 5_000);
    stream.dispose();
  });

  it('lets a client of a stopped instance resume on the other without missing anything', async () => {
    const onA = subscribe<Ev>(a.ws(), EVENTS, { after: '0' });
    const total = await a.app.rt.prisma.event.count();
    await onA.waitFor(total);
    const lastSeen = onA.received.at(-1)!.events.id;

    await a.stop();
    const meanwhile = [await createTicket(b), await createTicket(b)];
    const onB = subscribe<Ev>(b.ws(), EVENTS, { after: lastSeen });
    await onB.waitFor(2);
    expect(onB.received.map((m) => m.events.entityId)).toEqual(meanwhile.map((t) => t.id));
    onB.dispose();
  });
});
