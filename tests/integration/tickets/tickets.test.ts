// Tickets through the public GraphQL API: create, update, validate, page, and the wallboard query.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken } from '../../support/factories/people.ts';
import { countRows, createTicket } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

const clock = new ManualClock('2026-03-02T14:00:00Z');
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ clock });
});
afterAll(async () => server?.stop());

const UPDATE = graphql(`
  mutation ($id: ID!, $input: UpdateTicketInput!) {
    updateTicket(id: $id, input: $input) {
      id
      status
      priority
      reopenCount
      owner {
        email
      }
    }
  }
`);

describe('createTicket', () => {
  it('creates a numbered ticket that reads back by number', async () => {
    const created = await createTicket(server, { title: 'PDF export occasionally fails', channel: 'GITHUB', requesterEmail: 'Ada@Example.com' });
    expect(created.number).toMatch(/^PM-\d+$/);
    expect(created).toMatchObject({ title: 'PDF export occasionally fails', channel: 'GITHUB', status: 'NEW', priority: null });

    const read = await server.gql(
      graphql(`
        query ($n: String!) {
          ticket(number: $n) {
            id
            title
            description
            channel
            createdAt
          }
        }
      `),
      { n: created.number },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.ticket).toMatchObject({ id: created.id, channel: 'GITHUB', createdAt: clock.now().toISOString() });
    const requester = await server.app.rt.prisma.requester.findUnique({ where: { email: 'ada@example.com' } });
    expect(requester).not.toBeNull();
  });

  it('names the fields at fault and writes nothing', async () => {
    const before = await countRows(server);
    const result = await server.gql(
      graphql(`
        mutation ($input: CreateTicketInput!) {
          createTicket(input: $input) {
            id
          }
        }
      `),
      { input: { title: '   ', description: '\n\t ', channel: 'EMAIL', requesterEmail: 'not-an-address' } },
    );
    expect(result.data).toBeNull();
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.fieldErrors?.map((f) => f.field).sort()).toEqual(['input.description', 'input.requesterEmail', 'input.title']);
    expect(error?.message).toContain('input.title: must not be empty');

    // Too long is refused before anything runs, naming the field.
    const long = await server.gqlRaw('mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id } }', {
      input: { title: 'Long', description: 'x'.repeat(20_001), channel: 'EMAIL' },
    });
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(long.errors?.[0]?.extensions?.fieldErrors?.map((f) => f.field)).toEqual(['input.description']);
    expect(await countRows(server)).toEqual(before);
  });

  it('refuses an unknown enum value with a clear message', async () => {
    // FAX is not a Channel: the document itself is invalid, so it goes as a plain string.
    const result = await server.gqlRaw(`mutation { createTicket(input: { title: "t", description: "d", channel: FAX }) { id } }`);
    expect(result.errors?.[0]?.message).toMatch(/Value "FAX" does not exist in "Channel" enum/);
  });

  it('refuses an unauthenticated or read-only caller and writes nothing', async () => {
    const before = await countRows(server);
    const anonymous = await server.gql(
      graphql(`
        mutation {
          createTicket(input: { title: "t", description: "d", channel: WEB }) {
            id
          }
        }
      `),
      {},
      null,
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const displayToken = await createDisplayToken(server, 'Office TV');
    const readOnly = await server.gql(
      graphql(`
        mutation {
          createTicket(input: { title: "t", description: "d", channel: WEB }) {
            id
          }
        }
      `),
      {},
      displayToken,
    );
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const canRead = await server.gql(
      graphql(`
        {
          wallboard {
            openTotal
          }
          me {
            readOnly
            displayName
          }
        }
      `),
      {},
      displayToken,
    );
    expect(canRead.data).toMatchObject({ me: { readOnly: true, displayName: 'Office TV' } });

    const badToken = await server.gql(
      graphql(`
        {
          wallboard {
            openTotal
          }
        }
      `),
      {},
      'ops_not-a-real-token-at-all',
    );
    expect(badToken.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await countRows(server)).toEqual(before);
  });
});

describe('updateTicket', () => {
  it('follows the lifecycle and counts reopens', async () => {
    const ticket = await createTicket(server);
    const owner = await server.app.rt.prisma.user.findUniqueOrThrow({ where: { email: 'admin@opsboard.example' } });

    const closed = await server.gql(UPDATE, { id: ticket.id, input: { status: 'CLOSED' } });
    expect(closed.errors?.[0]?.message).toBe('input.status: a NEW ticket cannot become CLOSED (allowed: TRIAGED, IN_PROGRESS, WAITING_ON_USER, RESOLVED)');

    // No way around triage: leaving NEW needs type, priority and owner, each named when missing.
    const why = 'required to leave NEW (triage sets type, priority and owner)';
    const untriaged = await server.gql(UPDATE, { id: ticket.id, input: { status: 'TRIAGED' } });
    expect(untriaged.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.type', message: why },
      { field: 'input.priority', message: why },
      { field: 'input.ownerId', message: why },
    ]);
    const noType = await server.gql(UPDATE, { id: ticket.id, input: { status: 'IN_PROGRESS', priority: 'P1', ownerId: owner.id } });
    expect(noType.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'input.type', message: why }]);
    expect((await server.app.rt.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).priority).toBeNull();

    const triaged = await server.gql(UPDATE, { id: ticket.id, input: { status: 'TRIAGED', type: 'BUG', priority: 'P1', ownerId: owner.id } });
    expect(triaged.data?.updateTicket).toMatchObject({ status: 'TRIAGED', priority: 'P1', owner: { email: owner.email } });

    for (const input of [
      { status: 'IN_PROGRESS' },
      { status: 'RESOLVED' },
      { status: 'CLOSED', closeReason: 'Fixed on our side; the user is away' },
      { status: 'IN_PROGRESS' },
    ] as const) {
      const step = await server.gql(UPDATE, { id: ticket.id, input });
      expect(step.errors).toBeUndefined();
    }
    const reopened = await server.gql(UPDATE, { id: ticket.id, input: { status: 'RESOLVED' } });
    expect(reopened.data?.updateTicket).toMatchObject({ status: 'RESOLVED', reopenCount: 1 });
    const actions = await server.app.rt.prisma.ticketActivity.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(actions.map((a) => a.action)).toContain('reopened');
  });

  it('rejects an unknown owner and an unknown ticket without writing', async () => {
    const ticket = await createTicket(server);
    const before = await countRows(server);
    const owner = await server.gql(UPDATE, { id: ticket.id, input: { ownerId: '00000000-0000-4000-8000-000000000000' } });
    expect(owner.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'input.ownerId', message: 'no active user with that id' }]);
    const missing = await server.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { priority: 'P2' } });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const empty = await server.gql(UPDATE, { id: ticket.id, input: {} });
    expect(empty.errors?.[0]?.message).toContain('nothing to change');
    expect(await countRows(server)).toEqual(before);
  });
});

describe('tickets', () => {
  it('filters by channel, status, priority and text, and pages', async () => {
    const tag = `needle-${Date.now()}`;
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createTicket(server, { title: `Typo on the pricing page ${tag} ${i}`, channel: 'SOCIAL' }));
    const first = made[0]!;
    const owner = await server.app.rt.prisma.user.findUniqueOrThrow({ where: { email: 'admin@opsboard.example' } });
    await server.gql(UPDATE, { id: first.id, input: { status: 'TRIAGED', type: 'QUESTION', priority: 'P3', ownerId: owner.id } });

    const page1 = await server.gql(
      graphql(`
        query ($f: TicketFilter) {
          tickets(filter: $f, first: 2) {
            totalCount
            edges {
              cursor
              node {
                number
                title
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `),
      { f: { search: tag, channel: 'SOCIAL' } },
    );
    expect(page1.data?.tickets.totalCount).toBe(5);
    expect(page1.data?.tickets.edges.map((e) => e.node.number)).toEqual([made[4]!.number, made[3]!.number]);
    expect(page1.data?.tickets.pageInfo.hasNextPage).toBe(true);

    const page3 = await server.gql(
      graphql(`
        query ($f: TicketFilter, $after: String) {
          tickets(filter: $f, first: 2, after: $after) {
            edges {
              node {
                number
              }
            }
            pageInfo {
              hasNextPage
            }
          }
        }
      `),
      { f: { search: tag }, after: await nextCursor(page1.data!.tickets.pageInfo.endCursor, tag) },
    );
    expect(page3.data?.tickets.edges.map((e) => e.node.number)).toEqual([first.number]);
    expect(page3.data?.tickets.pageInfo.hasNextPage).toBe(false);

    const byStatus = await server.gql(
      graphql(`
        query ($f: TicketFilter) {
          tickets(filter: $f) {
            totalCount
            edges {
              node {
                number
                priority
              }
            }
          }
        }
      `),
      {
        f: { search: tag, status: ['TRIAGED'], priority: ['P3'] },
      },
    );
    expect(byStatus.data?.tickets).toEqual({ totalCount: 1, edges: [{ node: { number: first.number, priority: 'P3' } }] });

    const byNumber = await server.gql(
      graphql(`
        query ($f: TicketFilter) {
          tickets(filter: $f) {
            edges {
              node {
                id
              }
            }
          }
        }
      `),
      { f: { search: first.number } },
    );
    expect(byNumber.data?.tickets.edges).toEqual([{ node: { id: first.id } }]);

    const badPage = await server.gql(
      graphql(`
        {
          tickets(first: 1000) {
            totalCount
          }
        }
      `),
    );
    expect(badPage.errors?.[0]?.message).toBe('first: must be between 1 and 100');
    const badCursor = await server.gql(
      graphql(`
        {
          tickets(after: "garbage") {
            totalCount
          }
        }
      `),
    );
    expect(badCursor.errors?.[0]?.message).toBe('after: not a cursor from this list');
  });

  async function nextCursor(endCursor: string | null, tag: string): Promise<string | null> {
    const page2 = await server.gql(
      graphql(`
        query ($after: String, $f: TicketFilter) {
          tickets(filter: $f, first: 2, after: $after) {
            pageInfo {
              endCursor
            }
          }
        }
      `),
      {
        after: endCursor,
        f: { search: tag },
      },
    );
    return page2.data!.tickets.pageInfo.endCursor;
  }
});

describe('wallboard', () => {
  it('counts open tickets by priority and ages the unanswered queue by the clock', async () => {
    const query = graphql(`
      {
        wallboard {
          openTotal
          untriaged
          openByPriority {
            priority
            count
          }
          queueAge {
            oldestUnanswered {
              number
            }
            buckets {
              label
              count
            }
          }
          newestTickets {
            number
            priority
          }
        }
      }
    `);
    const before = (await server.gql(query)).data!.wallboard;
    expect(before.openByPriority.map((p) => p.priority)).toEqual(['P0', 'P1', 'P2', 'P3']);

    const p0 = await createTicket(server, { title: 'Production site returning 500 errors', priority: 'P0' });
    clock.advance(5 * 3_600_000);
    const after = (await server.gql(query)).data!.wallboard;

    expect(after.openTotal).toBe(before.openTotal + 1);
    expect(after.openByPriority[0]).toEqual({ priority: 'P0', count: before.openByPriority[0]!.count + 1 });
    expect(after.newestTickets[0]).toEqual({ number: p0.number, priority: 'P0' });
    // Every unanswered ticket is now at least five hours old, so nothing is left under four hours.
    const bucket = (label: string) => after.queueAge.buckets.find((b) => b.label === label)!.count;
    expect(bucket('< 1 h') + bucket('1–4 h')).toBe(0);
    expect(bucket('4–24 h')).toBe(after.openTotal);
    expect(after.queueAge.oldestUnanswered).not.toBeNull();
  });
});

describe('health', () => {
  it('answers 200 when the database is reachable', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});
