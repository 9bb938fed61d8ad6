// Bounded growth: the retention job deletes exactly the rows past their retention period (events,
// health-check results, inbound deliveries, finished notifications, dead tokens), in batches, and a
// replay from an event id it deleted past answers EVENTS_EXPIRED instead of silently missing events.
import { runHealthChecks } from '@opsboard/server/healthchecks/service.ts';
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { transact } from '@opsboard/server/platform/db.ts';
import { enqueueNotifications } from '@opsboard/server/notifications/service.ts';
import { runExclusive } from '@opsboard/server/platform/jobs.ts';
import { RETENTION_BATCH, RETENTION_JOB, runRetention } from '@opsboard/server/retention/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Endpoint } from '../../support/factories/healthchecks.ts';
import { declareIncident } from '../../support/factories/incidents.ts';
import { crlf, postEmail } from '../../support/factories/intake.ts';
import { createPerson, signIn } from '../../support/factories/people.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { graphql } from '../../support/graphql.ts';
import { ADMIN, login, startServer, type TestServer } from '../../support/server.ts';
import { subscribe } from '../../support/stream.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-04T15:00:00Z');

const EVENTS = graphql(`
  subscription ($after: ID) {
    events(after: $after) {
      id
      type
      entityId
    }
  }
`);

const WALLBOARD = graphql(`
  subscription ($after: ID) {
    wallboard(after: $after) {
      wallboard {
        lastEventId
      }
      events {
        id
      }
    }
  }
`);

const CREATE_CHECK = graphql(`
  mutation ($input: CreateHealthCheckInput!) {
    createHealthCheck(input: $input) {
      id
    }
  }
`);

const HISTORY = graphql(`
  query {
    healthChecks {
      history(limit: 100) {
        checkedAt
      }
    }
  }
`);

const LOGOUT = graphql(`
  mutation {
    logout
  }
`);

const ME = graphql(`
  query {
    me {
      displayName
    }
  }
`);

let server: TestServer;
const clock = new ManualClock(new Date(T0));
const endpoint = new Endpoint();
beforeAll(async () => {
  await endpoint.start();
  server = await startServer({ clock });
});
afterAll(async () => {
  await server?.stop();
  await endpoint.stop();
});

const prisma = () => server.app.rt.prisma;
const eventIds = async () => (await prisma().event.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((e) => e.id);
const email = (messageId: string) =>
  postEmail(
    server,
    crlf(`From: Pat <pat@customer.example>\nTo: support@opsboard.example\nSubject: Help ${messageId}\nMessage-ID: <${messageId}>\n\nIt broke.`),
  );

/** Notifications as the outbox writes them, then moved to `status` as the worker would. */
async function notification(key: string, status: 'PENDING' | 'FAILED' | 'DELIVERED' | 'DEAD' | 'SUPPRESSED') {
  await transact(server.app.rt, (tx) =>
    enqueueNotifications(tx, clock.now(), [{ idempotencyKey: key, channel: 'EMAIL', recipient: 'pat@customer.example', template: 'test', body: 'hello' }]),
  );
  await prisma().notification.update({ where: { idempotencyKey: key }, data: { status } });
}

describe('the retention job', () => {
  let oldEventIds: bigint[];
  let keptOverdue: bigint;
  let person: Awaited<ReturnType<typeof createPerson>>;
  let newSession: string;

  it('deletes exactly the rows past their retention period, table by table', async () => {
    // Day 0: a ticket, an open incident with an overdue-update reminder, a health check, an e-mail,
    // notifications in every state, a session signed out and one left to expire.
    await createTicket(server);
    const incident = await declareIncident(server, { title: 'Checkout down', severity: 'P0' });
    await transact(server.app.rt, async (_tx, emit) =>
      emit({ topic: 'incidents', type: 'INCIDENT_UPDATE_OVERDUE', entityType: 'Incident', entityId: incident.id, payload: {} }),
    );
    keptOverdue = (await prisma().event.findFirstOrThrow({ where: { type: 'INCIDENT_UPDATE_OVERDUE' } })).id;
    const created = await server.gql(CREATE_CHECK, { input: { name: 'API', url: endpoint.url, intervalSeconds: 60, failuresBeforeIncident: 3 } });
    expect(created.errors).toBeUndefined();
    expect((await email('old-1@customer.example')).status).toBeLessThan(300);
    for (const status of ['PENDING', 'FAILED', 'DELIVERED', 'DEAD', 'SUPPRESSED'] as const) await notification(`old-${status}`, status);
    person = await createPerson(server, 'Ana Lima');
    const signedOut = await signIn(server, person);
    expect((await server.gql(LOGOUT, {}, signedOut)).data?.logout).toBe(true);
    await signIn(server, person); // expires after OPSBOARD_SESSION_HOURS (30 days)
    oldEventIds = (await eventIds()).filter((id) => id !== keptOverdue);
    expect(oldEventIds.length).toBeGreaterThan(2);

    // Day 40: the same again, new.
    clock.advance(40 * DAY);
    server.adminToken = await login(server.wire, ADMIN.email, ADMIN.password);
    await createTicket(server);
    await server.app.rt.hub.poll();
    expect(await runHealthChecks(server.app.rt)).toMatchObject({ ran: true, checked: 1 });
    expect((await email('new-1@customer.example')).status).toBeLessThan(300);
    for (const status of ['DELIVERED', 'DEAD'] as const) await notification(`new-${status}`, status);
    newSession = await signIn(server, person);
    const newEventIds = (await eventIds()).filter((id) => id > oldEventIds.at(-1)!);

    const result = await runRetention(server.app.rt);

    expect(result).toEqual({
      ran: true,
      deleted: { Event: oldEventIds.length, HealthCheckResult: 1, InboundDelivery: 1, Notification: 3, AuthToken: 3 },
    });
    // Events: the old ones gone, the reminder of the still-open incident kept (its postmortem counts it), the new ones kept.
    expect(await eventIds()).toEqual([keptOverdue, ...newEventIds].sort((a, b) => (a < b ? -1 : 1)));
    const history = (await server.gql(HISTORY)).data!.healthChecks[0]!.history;
    expect(history.map((h) => h.checkedAt)).toEqual([new Date(T0 + 40 * DAY).toISOString()]);
    expect((await prisma().inboundDelivery.findMany({ select: { deliveryId: true } })).map((d) => d.deliveryId)).toEqual(['<new-1@customer.example>']);
    expect(
      (await prisma().notification.findMany({ where: { template: 'test' }, orderBy: { idempotencyKey: 'asc' }, select: { idempotencyKey: true } })).map(
        (n) => n.idempotencyKey,
      ),
    ).toEqual(['new-DEAD', 'new-DELIVERED', 'old-FAILED', 'old-PENDING']);
    // Tokens: the admin's first session (expired day 30) and both of Ana's old ones; today's sessions work.
    expect(await prisma().authToken.count()).toBe(2);
    expect((await server.gql(ME, {}, newSession)).data?.me?.displayName).toBe('Ana Lima');
    expect((await server.gql(ME)).errors).toBeUndefined();

    // A second run finds nothing more.
    expect((await runRetention(server.app.rt)).deleted).toEqual({ Event: 0, HealthCheckResult: 0, InboundDelivery: 0, Notification: 0, AuthToken: 0 });
  });

  it('refuses a replay from an id it deleted past with EVENTS_EXPIRED, and replays from a kept id', async () => {
    const expired = subscribe(server.ws(), EVENTS, { after: oldEventIds[0]!.toString() });
    await expect(expired.waitFor(1)).rejects.toThrow(/EVENTS_EXPIRED|no longer kept/);
    expect(expired.errors[0]).toMatchObject({ message: `Events after ${oldEventIds[0]} are no longer kept; reload`, extensions: { code: 'EVENTS_EXPIRED' } });

    const board = subscribe(server.ws(), WALLBOARD, { after: '0' });
    await expect(board.waitFor(1)).rejects.toThrow(/no longer kept/);
    expect(board.errors[0]).toMatchObject({ extensions: { code: 'EVENTS_EXPIRED' } });

    // From the newest deleted id on, nothing is missing: the replay works.
    const from = oldEventIds.at(-1)!;
    const kept = (await eventIds()).filter((id) => id > from);
    const replay = subscribe(server.ws(), EVENTS, { after: from.toString() });
    await replay.waitFor(kept.length);
    expect(replay.received.map((r) => BigInt(r.events.id))).toEqual(kept);
    replay.dispose();

    const fresh = subscribe(server.ws(), WALLBOARD, {});
    await fresh.waitFor(1);
    fresh.dispose();
  });

  it('deletes 12 000 old events in batches of 5 000', async () => {
    await prisma().$executeRaw`
      INSERT INTO "Event" (topic, type, payload, "createdAt")
      SELECT 'tickets', 'TICKET_UPDATED', '{}'::jsonb, ${clock.now()}::timestamptz FROM generate_series(1, 12000)`;
    const newest = (await eventIds()).at(-1)!;
    clock.advance(31 * DAY);
    server.adminToken = await login(server.wire, ADMIN.email, ADMIN.password);
    await createTicket(server);

    const batches: [string, number][] = [];
    const hooks = server.app.rt.hooks;
    const original = hooks.rowsDeleted;
    hooks.rowsDeleted = (table, count) => {
      batches.push([table, count]);
      original(table, count);
    };
    try {
      const result = await runRetention(server.app.rt);
      const deletedEvents = result.deleted.Event;
      expect(deletedEvents).toBeGreaterThanOrEqual(12_000);
      const eventBatches = batches.filter(([table]) => table === 'Event').map(([, count]) => count);
      expect(eventBatches.slice(0, 2)).toEqual([RETENTION_BATCH, RETENTION_BATCH]);
      expect(eventBatches.every((count) => count <= RETENTION_BATCH)).toBe(true);
      expect(eventBatches.reduce((a, b) => a + b, 0)).toBe(deletedEvents);
    } finally {
      hooks.rowsDeleted = original;
    }
    const left = await eventIds();
    expect(left.filter((id) => id <= newest && id !== keptOverdue)).toEqual([]);
    expect(left.some((id) => id > newest)).toBe(true);

    const metrics = await server.app.rt.metrics.registry.getSingleMetricAsString('opsboard_retention_deleted_rows_total');
    expect(metrics).toMatch(/opsboard_retention_deleted_rows_total\{table="Event"\} \d{5}/);
  });
});

describe.skipIf(!process.env.OPSBOARD_TEST_POSTGRES_URL)('the retention job on two instances', () => {
  it('deletes on one instance while the other, finding the lock held, stops', async () => {
    const a = await startServer({ clock });
    const b = await startServer({ db: a.db, clock });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const holding = new Promise<void>((resolve) => (entered = resolve));
      // Instance a is in the middle of a batch (it holds the job's lock in its transaction).
      const first = runExclusive(a.app.rt, RETENTION_JOB, async () => {
        entered();
        await held;
      });
      await holding;
      expect(await runRetention(b.app.rt)).toMatchObject({ ran: false });
      release();
      await first;
      expect(await runRetention(b.app.rt)).toMatchObject({ ran: true });
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
