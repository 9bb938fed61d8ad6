// Tickets for tests, created through the public API as an agent would.
import { graphql, type VariablesOf } from '../graphql.ts';
import type { GqlClient, TestServer } from '../server.ts';

export const CREATE_TICKET = graphql(`
  mutation CreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      id
      number
      title
      channel
      status
      priority
    }
  }
`);

/** Triage: type, priority and owner (a ticket leaves NEW only with all three). */
export const TRIAGE_TICKET = graphql(`
  mutation TriageTicket($id: ID!, $input: TriageInput!) {
    triageTicket(id: $id, input: $input) {
      status
    }
  }
`);

export const UPDATE_TICKET = graphql(`
  mutation UpdateTicket($id: ID!, $input: UpdateTicketInput!) {
    updateTicket(id: $id, input: $input) {
      status
    }
  }
`);

/** The user confirmed the fix (and how): the ticket closes. */
export const CONFIRM_RESOLUTION = graphql(`
  mutation ConfirmResolution($id: ID!, $how: ConfirmationMethod!) {
    confirmTicketResolution(id: $id, how: $how) {
      status
    }
  }
`);

export type CreateTicketInput = VariablesOf<typeof CREATE_TICKET>['input'];

let counter = 0;

/** Creates a ticket through GraphQL and returns it; fails the test on any error. */
export async function createTicket(client: GqlClient, input: Partial<CreateTicketInput> = {}, token?: string) {
  counter += 1;
  const result = await client.gql(
    CREATE_TICKET,
    { input: { title: `Results page does not load #${counter}`, description: 'Steps: open results, wait.', channel: 'EMAIL', ...input } },
    token,
  );
  if (!result.data?.createTicket) throw new Error(`createTicket failed: ${JSON.stringify(result.errors)}`);
  return result.data.createTicket;
}

/** The rows a refused change must leave alone. */
export async function countRows(server: TestServer): Promise<{ tickets: number; events: number; messages: number; activities: number }> {
  const p = server.app.rt.prisma;
  const [tickets, events, messages, activities] = await Promise.all([p.ticket.count(), p.event.count(), p.ticketMessage.count(), p.ticketActivity.count()]);
  return { tickets, events, messages, activities };
}
