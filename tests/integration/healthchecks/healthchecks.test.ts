// Service health checks through the API with an injected clock and a local HTTP endpoint the test
// starts and stops: one P0 after N failures in a row, the incident proposed to on call, recovery
// recorded, uptime matching the history, results on the wallboard and the status page.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { runHealthChecks } from '@opsboard/server/healthchecks/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Endpoint } from '../../support/factories/healthchecks.ts';
import { createRotation } from '../../support/factories/oncall.ts';
import { createPeople, type TestPerson } from '../../support/factories/people.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql, type ResultOf, type VariablesOf } from '../../support/graphql.ts';
import { declareIncident } from '../../support/factories/incidents.ts';

const T0 = Date.parse('2026-03-04T15:00:00Z');
const clock = new ManualClock(new Date(T0));
let server: TestServer;
let ana: TestPerson;

const endpoint = new Endpoint();

const CHECK = graphql(`
  fragment Check on HealthCheck @_unmask {
    id
    name
    url
    status
    uptime24h
    uptime7d
    consecutiveFailures
    lastError
    lastLatencyMs
    intervalSeconds
    failuresBeforeIncident
    openTicket {
      id
      number
      priority
      status
      title
    }
    history(limit: 100) {
      checkedAt
      ok
      statusCode
      error
    }
  }
`);
const CREATE = graphql(
  `
    mutation ($input: CreateHealthCheckInput!) {
      createHealthCheck(input: $input) {
        ...Check
      }
    }
  `,
  [CHECK],
);
const create = (input: VariablesOf<typeof CREATE>['input']) => server.gql(CREATE, { input });
type Check = ResultOf<typeof CHECK>;
/** The health checks (the tests below always have one). */
const checks = async () =>
  (
    await server.gql(
      graphql(
        `
          query {
            healthChecks {
              ...Check
            }
          }
        `,
        [CHECK],
      ),
    )
  ).data!.healthChecks as [Check, ...Check[]];
const p0Tickets = () =>
  server.app.rt.prisma.ticket.findMany({ where: { priority: 'P0', tags: { has: 'health-check' } }, include: { messages: true, activities: true } });
/** Moves the clock one interval on and runs the job as the scheduler would. */
const tick = async (seconds = 10) => {
  clock.advance(seconds * 1000);
  return runHealthChecks(server.app.rt);
};

beforeAll(async () => {
  await endpoint.start();
  server = await startServer({ clock });
  [ana] = (await createPeople(server, ['Ana Lima'])) as [TestPerson];
  const rotation = await createRotation(server, [ana], { name: 'Primary' });
  expect(rotation.now).toEqual({ name: 'Ana Lima' });
});
afterAll(async () => {
  await server?.stop();
  await endpoint.stop();
});

describe('a failing endpoint', () => {
  let id: string;

  it('is created and checked once right away', async () => {
    const result = await create({ name: 'API', url: endpoint.url, intervalSeconds: 10, failuresBeforeIncident: 3, latencyThresholdMs: 5000, timeoutMs: 2000 });
    expect(result.errors).toBeUndefined();
    const check = result.data!.createHealthCheck;
    id = check.id;
    expect(check).toMatchObject({ name: 'API', status: 'UP', consecutiveFailures: 0, uptime24h: 100, openTicket: null });
    expect(check.history).toHaveLength(1);
  });

  it('is not checked again before its interval', async () => {
    clock.advance(5_000);
    expect(await runHealthChecks(server.app.rt)).toMatchObject({ ran: true, checked: 0 });
  });

  it('opens exactly one P0 ticket after N failures in a row and proposes an incident to the on-call engineer', async () => {
    const before = await server.app.rt.prisma.notification.count({ where: { template: 'incident_proposal' } });
    endpoint.status = 503;
    await tick(5); // failure 1 (an HTTP error answer)
    await endpoint.stop(); // nothing listens any more: failures 2, 3, 4, 5
    await tick();
    expect(await p0Tickets()).toHaveLength(0);
    let [check] = await checks();
    expect(check).toMatchObject({ status: 'DOWN', consecutiveFailures: 2, openTicket: null });
    expect(check.lastError).toBe('unreachable: connection refused');
    expect(check.history[1]!.error).toBe('expected HTTP 200, got 503');

    await tick(); // the 3rd failure in a row
    await tick();
    await tick();
    const tickets = await p0Tickets();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ priority: 'P0', status: 'NEW', type: 'BUG' });
    [check] = await checks();
    expect(check).toMatchObject({ status: 'DOWN', consecutiveFailures: 5 });
    expect(check.openTicket).toMatchObject({ id: tickets[0]!.id, priority: 'P0' });
    expect(tickets[0]!.activities.filter((a) => a.action === 'incident_proposed')).toHaveLength(1);

    const proposals = await server.app.rt.prisma.notification.findMany({ where: { template: 'incident_proposal' } });
    expect(proposals).toHaveLength(before + 1);
    expect(proposals[0]).toMatchObject({ userId: ana.id, recipient: ana.email, ticketId: tickets[0]!.id });
    expect(proposals[0]!.subject).toContain('declare an incident');
    const proposed = await server.app.rt.prisma.event.findMany({ where: { type: 'INCIDENT_PROPOSED' } });
    expect(proposed).toHaveLength(1);
  });

  it('records the recovery on the ticket and on the incident declared from it, once', async () => {
    const [ticket] = await p0Tickets();
    const { id: incidentId } = await declareIncident(server, { ticketId: ticket!.id, title: 'API down', severity: 'P0' });

    await endpoint.start(); // same port: the endpoint answers again
    endpoint.status = 200;
    await tick();
    await tick();
    const [check] = await checks();
    expect(check).toMatchObject({ status: 'UP', consecutiveFailures: 0, openTicket: null });

    const [after] = await p0Tickets();
    const notes = after!.messages.filter((m) => m.kind === 'NOTE' && m.body.includes('recovered'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('"API" recovered');
    expect(notes[0]!.body).toContain('after 1 min down'); // first failure at +10 s, answering again at +60 s
    expect(after!.activities.filter((a) => a.action === 'health_check_recovered')).toHaveLength(1);
    const timeline = await server.app.rt.prisma.incidentTimelineEntry.findMany({ where: { incidentId, body: { contains: 'recovered' } } });
    expect(timeline).toHaveLength(1);
    expect(await server.app.rt.prisma.event.count({ where: { type: 'HEALTH_CHECK_RECOVERED', entityId: id } })).toBe(1);
  });

  it('opens a new P0 for the next outage (once per outage, not per check)', async () => {
    await endpoint.stop();
    for (let i = 0; i < 6; i += 1) await tick();
    expect(await p0Tickets()).toHaveLength(2);
    await endpoint.start();
    await tick();
  });

  it('computes uptime from the history', async () => {
    const [check] = await checks();
    const history = check.history as { ok: boolean }[];
    const ok = history.filter((h) => h.ok).length;
    // created (ok), 5 failures, 2 ok, 6 failures, 1 ok
    expect([ok, history.length]).toEqual([4, 15]);
    expect(check.uptime24h).toBe(26.667);
    const rows = await server.app.rt.prisma.healthCheckResult.findMany({ where: { checkId: id } });
    expect(rows).toHaveLength(history.length);

    // A day later the old results leave the 24 h window but stay in the 7-day one.
    clock.advance(24 * 3600_000);
    await tick();
    const [later] = await checks();
    expect(later.uptime24h).toBe(100);
    expect(later.uptime7d).toBe(31.25); // 5 of 16
  });

  it('shows on the wallboard and as a component of the status page', async () => {
    const board = await server.gql(
      graphql(`
        query {
          wallboard {
            health {
              name
              status
              uptime24h
              lastLatencyMs
            }
          }
        }
      `),
    );
    expect(board.data!.wallboard.health).toEqual([expect.objectContaining({ name: 'API', status: 'UP', uptime24h: 100 })]);
    const json = await (await fetch(`${server.url}/status.json`)).json();
    expect(json.components).toEqual([{ name: 'API', status: 'operational', statusText: 'Operational', uptime24h: 100 }]);

    await endpoint.stop();
    await tick();
    const down = await (await fetch(`${server.url}/status.json`)).json();
    expect(down.components[0]).toMatchObject({ status: 'outage' });
    const html = await (await fetch(`${server.url}/status`)).text();
    expect(html).toContain('Components');
    expect(html).toMatch(/API<\/span> <strong>Outage<\/strong>/);
    await endpoint.start();
  });
});

describe('bad input', () => {
  const rows = async () => ({
    checks: await server.app.rt.prisma.healthCheck.count(),
    results: await server.app.rt.prisma.healthCheckResult.count(),
    events: await server.app.rt.prisma.event.count(),
  });

  it.each([
    [{ url: 'not a url' }, 'input.url: must be an absolute http:// or https:// URL'],
    [{ url: 'ftp://example.com/health' }, 'input.url: must use http or https, not ftp'],
    [{ intervalSeconds: 4 }, 'input.intervalSeconds: must be at least 5 seconds'],
    [{ failuresBeforeIncident: 0 }, 'input.failuresBeforeIncident: must be at least 1'],
    [{ timeoutMs: 20_000, intervalSeconds: 10 }, 'input.timeoutMs: must not be longer than the interval'],
    [{ name: 'API' }, 'input.name: a health check named "API" already exists'],
  ])('refuses %j with a clear message and writes nothing', async (change, message) => {
    const before = await rows();
    const result = await create({ name: 'Billing', url: 'http://127.0.0.1:9/health', intervalSeconds: 30, failuresBeforeIncident: 2, ...change });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.message).toContain(message);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rows()).toEqual(before);
  });

  it('creates a check on an unreachable host and reports why in its status', async () => {
    const closed = new Endpoint();
    await closed.start();
    await closed.stop(); // a port nothing listens on
    const result = await create({ name: 'Unreachable', url: closed.url, intervalSeconds: 30, failuresBeforeIncident: 2, timeoutMs: 1000 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createHealthCheck).toMatchObject({
      status: 'DOWN',
      consecutiveFailures: 1,
      lastError: 'unreachable: connection refused',
      openTicket: null,
    });
  });

  it('refuses a viewer', async () => {
    const result = await server.gql(
      graphql(`
        mutation {
          createHealthCheck(input: { name: "X", url: "http://x.test", intervalSeconds: 5, failuresBeforeIncident: 1 }) {
            id
          }
        }
      `),
      {},
      null,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
