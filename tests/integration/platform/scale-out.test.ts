// Several instances on one PostgreSQL database, woken through Redis (runs in `pnpm test:pg`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExclusive } from '@opsboard/server/platform/jobs.ts';
import { createDisplayToken } from '../../support/factories/people.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { subscribe } from '../../support/stream.ts';
import { graphql } from '../../support/graphql.ts';

const redisUrl = process.env.OPSBOARD_TEST_REDIS_URL;
const enabled = !!process.env.OPSBOARD_TEST_POSTGRES_URL && !!redisUrl;

const EVENTS = graphql(`
  subscription ($after: ID) {
    events(after: $after) {
      id
      entityId
    }
  }
`);

// What a display token may subscribe to.
const WALLBOARD = graphql(`
  subscription ($after: ID) {
    wallboard(after: $after) {
      events {
        id
        entityId
      }
    }
  }
`);

describe.skipIf(!enabled)('two instances with Redis', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A long poll interval: only the Redis signal can deliver within the test's time.
    // Every run shares the Redis and signs in from 127.0.0.1: the limit per address over all e-mails
    // would count the failures of earlier runs, so it is out of the way here.
    // Failed sign-ins per account: a low limit, reached from forwarded addresses (OPSBOARD_TRUST_PROXY).
    const env = {
      REDIS_URL: redisUrl!,
      OPSBOARD_EVENT_POLL_MS: '60000',
      OPSBOARD_RATE_LIMIT_LOGIN_ADDRESS: '999999/60',
      OPSBOARD_RATE_LIMIT_LOGIN_ACCOUNT: '15/60',
      OPSBOARD_TRUST_PROXY: '1',
    };
    a = await startServer({ db, env });
    b = await startServer({ db, env });
  });
  afterAll(async () => {
    await a?.stop().catch(() => undefined);
    await b?.stop();
    await db?.drop();
  });

  it('delivers an event written on instance A to a client of instance B', async () => {
    const stream = subscribe(b.ws(), EVENTS, { after: (await b.app.rt.prisma.event.count()).toString() });
    const ticket = await createTicket(a);
    await stream.until((r) => r.some((m) => m.events.entityId === ticket.id), 5_000);
    stream.dispose();
  });

  it('closes a socket on instance B when its token is revoked on instance A', async () => {
    const token = await createDisplayToken(a, 'Lobby TV');
    const client = b.ws({ token });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.on('closed', (event) => resolve(event as { code: number; reason: string })),
    );
    const stream = subscribe(client, WALLBOARD, { after: (await b.app.rt.prisma.event.count()).toString() });
    const ticket = await createTicket(a);
    await stream.until((r) => r.some((m) => m.wallboard.events.some((e) => e.entityId === ticket.id)), 5_000);
    expect(
      (
        await a.gql(
          graphql(`
            mutation {
              logout
            }
          `),
          {},
          token,
        )
      ).data,
    ).toEqual({ logout: true });
    expect(await closed).toMatchObject({ code: 4403, reason: 'Forbidden: token revoked' });
  });

  it('counts sign-in attempts together across instances (Redis)', async () => {
    const email = `nobody-${Date.now()}@opsboard.example`;
    const LOGIN = graphql(`
      mutation ($email: String!) {
        login(email: $email, password: "wrong") {
          token
        }
      }
    `);
    const attempt = (server: TestServer) => server.wire.gql(LOGIN, { email }, null); // limits count per client address
    const codes = [];
    for (let i = 0; i < 11; i += 1) codes.push((await attempt(i % 2 ? b : a)).errors?.[0]?.extensions?.code);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(codes[10]).toBe('RATE_LIMITED');
  });

  it('counts failed sign-ins per account together across instances and addresses (Redis)', async () => {
    const email = `target-${Date.now()}@opsboard.example`;
    const attempt = async (server: TestServer, address: string) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ query: `mutation { login(email: "${email}", password: "wrong") { token } }` }),
      });
      return ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
    };
    const codes = [];
    for (let i = 0; i < 15; i += 1) codes.push(await attempt(i % 2 ? b : a, `198.51.100.${i + 1}`));
    expect(codes).toEqual(Array(15).fill('UNAUTHENTICATED'));
    expect(await attempt(b, '198.51.100.200')).toBe('RATE_LIMITED');
  });

  it('runs a job once when both instances start it together, emitting its event once', async () => {
    const before = await a.app.rt.prisma.event.count({ where: { type: 'SWEEP_DONE' } });
    const sweep = (server: TestServer) =>
      runExclusive(server.app.rt, 'scale-out-sweep', async (tx, emit) => {
        await tx.$executeRaw`SELECT pg_sleep(0.3)`;
        emit({ topic: 'sla', type: 'SWEEP_DONE', payload: {} });
      });
    const outcomes = await Promise.all([sweep(a), sweep(b)]);
    expect(outcomes.map((o) => o.ran).sort()).toEqual([false, true]);
    expect(await a.app.rt.prisma.event.count({ where: { type: 'SWEEP_DONE' } })).toBe(before + 1);
  });

  it('lets a client of a stopped instance resume on the other without missing anything', async () => {
    const onA = subscribe(a.ws(), EVENTS, { after: '0' });
    const total = await a.app.rt.prisma.event.count();
    await onA.waitFor(total);
    const lastSeen = onA.received.at(-1)!.events.id;

    await a.stop();
    const meanwhile = [await createTicket(b), await createTicket(b)];
    const onB = subscribe(b.ws(), EVENTS, { after: lastSeen });
    await onB.waitFor(2);
    expect(onB.received.map((m) => m.events.entityId)).toEqual(meanwhile.map((t) => t.id));
    onB.dispose();
  });
});
