// Ticket.activity: the ticket's history rows through the API, oldest first, readable with a read-only
// display token, and in the ticket list as well.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../support/factories/tickets.ts';
import { createPeople, createPerson, signIn } from '../../support/factories/people.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

const T0 = Date.parse('2026-03-02T14:00:00Z');
const clock = new ManualClock(new Date(T0));
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ clock });
});
afterAll(async () => server?.stop());

const ACTIVITY = graphql(`
  query ($n: String!) {
    ticket(number: $n) {
      activity {
        action
        field
        fromValue
        toValue
        createdAt
        actor {
          name
        }
      }
    }
  }
`);

describe('Ticket.activity', () => {
  it('lists what happened to the ticket, oldest first, with who did it', async () => {
    const ticket = await createTicket(server, { title: 'Billing page times out' });
    const [owner] = await createPeople(server, ['Ola Owner'], 'AGENT');
    clock.advance(60_000);
    const triaged = await server.gql(
      graphql(`
        mutation ($id: ID!, $owner: ID!) {
          triageTicket(id: $id, input: { type: BUG, priority: P2, ownerId: $owner }) {
            id
          }
        }
      `),
      { id: ticket.id, owner: owner!.id },
    );
    expect(triaged.errors).toBeUndefined();
    clock.advance(60_000);
    const ticked = await server.gql(
      graphql(`
        mutation ($id: ID!) {
          setTicketChecklistItem(ticketId: $id, key: "issue_investigated", done: true) {
            id
          }
        }
      `),
      { id: ticket.id },
    );
    expect(ticked.errors).toBeUndefined();
    clock.advance(60_000);
    const escalated = await server.gql(
      graphql(`
        mutation ($id: ID!) {
          escalateTicket(id: $id, input: { issue: "Timeouts", impact: "Some", attempted: "Retried", needed: "Help", timeline: "Today" }) {
            id
          }
        }
      `),
      { id: ticket.id },
    );
    expect(escalated.errors).toBeUndefined();

    const viewer = await signIn(server, await createPerson(server, 'Vera Viewer', 'VIEWER'));
    const result = await server.gql(ACTIVITY, { n: ticket.number }, viewer);
    expect(result.errors).toBeUndefined();
    const activity = result.data!.ticket!.activity;
    const times = activity.map((a) => Date.parse(a.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(activity[0]).toMatchObject({ action: 'created', createdAt: new Date(T0).toISOString() });
    const actions = activity.map((a) => a.action);
    expect(actions.indexOf('triaged')).toBeGreaterThan(0);
    expect(actions.indexOf('checklist_ticked')).toBeGreaterThan(actions.indexOf('triaged'));
    expect(actions.indexOf('escalated')).toBeGreaterThan(actions.indexOf('checklist_ticked'));
    expect(activity.find((a) => a.action === 'escalated')).toMatchObject({ field: 'escalationLevel', fromValue: 'L1', toValue: 'L2' });
    expect(activity.find((a) => a.action === 'checklist_ticked')?.actor?.name).toBeTruthy();
  });

  it('comes with the tickets of a list', async () => {
    const page = await server.gql(
      graphql(`
        {
          tickets(first: 10) {
            edges {
              node {
                activity {
                  action
                }
              }
            }
          }
        }
      `),
    );
    expect(page.errors).toBeUndefined();
    for (const edge of page.data!.tickets.edges) expect(edge.node.activity[0]?.action).toBe('created');
  });
});
