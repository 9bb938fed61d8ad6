// Triage, response templates and responses through GraphQL: suggestions from the guide's
// definitions, triageTicket, respondToTicket refusing unfilled placeholders, and the SLA clocks.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTicket } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

const clock = new ManualClock('2026-03-02T14:00:00Z');
let server: TestServer;
let adminId: string;
beforeAll(async () => {
  server = await startServer({ clock });
  adminId = (await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } })).id;
});
afterAll(async () => server?.stop());

const SUGGEST = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      triageSuggestion {
        priority
        reason
        team
        teamReason
      }
    }
  }
`);
const TRIAGE = graphql(`
  mutation ($id: ID!, $input: TriageInput!) {
    triageTicket(id: $id, input: $input) {
      status
      type
      priority
      owner {
        email
      }
      slaClocks {
        kind
        state
      }
    }
  }
`);
const RESPOND = graphql(`
  mutation ($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      status
      firstRespondedAt
      slaClocks {
        kind
        state
        dueAt
      }
      messages {
        kind
        direction
        body
        templateKey
      }
    }
  }
`);

describe('triage', () => {
  it("suggests a priority with the guide's reason and routes by type", async () => {
    const outage = await createTicket(server, { title: 'Production site returning 500 errors', description: 'Every page fails.' });
    expect((await server.gql(SUGGEST, { id: outage.id })).data?.ticket?.triageSuggestion).toEqual({
      priority: 'P0',
      reason: 'P0 critical: production returning 500 errors',
      team: 'SUPPORT',
      teamReason: 'Set the type to route the ticket',
    });
    const typo = await createTicket(server, { title: 'Typo in the footer', description: 'It says "Privcy".', type: 'FEATURE_REQUEST' });
    expect((await server.gql(SUGGEST, { id: typo.id })).data?.ticket?.triageSuggestion).toMatchObject({ priority: 'P3', team: 'PRODUCT' });
    const many = await createTicket(server, { title: 'Export is slow', description: 'Slow today.', usersImpacted: 25, type: 'BUG' });
    expect((await server.gql(SUGGEST, { id: many.id })).data?.ticket?.triageSuggestion).toMatchObject({
      priority: 'P1',
      reason: 'P1 high: 25 users impacted (more than 10)',
      team: 'ENGINEERING',
    });
  });

  it('sets type, priority and owner together and meets the triage clock', async () => {
    const ticket = await createTicket(server);
    const before = await countRows(server);
    const bad = await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P1', ownerId: 'nobody' } });
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'input.ownerId', message: 'must be a user id' }]);
    expect(await countRows(server)).toEqual(before);

    const result = await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P1', ownerId: adminId } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.triageTicket).toEqual({
      status: 'TRIAGED',
      type: 'BUG',
      priority: 'P1',
      owner: { email: 'admin@opsboard.example' },
      slaClocks: [
        { kind: 'TRIAGE', state: 'MET' },
        { kind: 'FIRST_RESPONSE', state: 'RUNNING' },
        { kind: 'RESOLUTION', state: 'RUNNING' },
      ],
    });
  });
});

describe('responses', () => {
  it('lists the seeded templates with their placeholders', async () => {
    const result = await server.gql(
      graphql(`
        {
          responseTemplates {
            key
            placeholders
          }
        }
      `),
    );
    expect(result.data!.responseTemplates.map((t) => t.key)).toEqual([
      'auto_acknowledgement',
      'bug_report_confirmation',
      'cannot_reproduce',
      'escalation',
      'feature_request_response',
      'more_information_needed',
      'question_answer',
      'resolution_notification',
      'technical_issue_acknowledgement',
    ]);
    expect(result.data!.responseTemplates.find((t) => t.key === 'more_information_needed')!.placeholders).toEqual([
      'ticket_title',
      'ticket_number',
      'requester_name',
      'questions',
      'agent_name',
    ]);
  });

  it('refuses unfilled placeholders by name, then sends and meets the first-response clock', async () => {
    const ticket = await createTicket(server, { requesterEmail: 'lin@example.com', requesterName: 'Lin Chen', priority: 'P2' });
    const before = await countRows(server);
    const refused = await server.gql(RESPOND, {
      id: ticket.id,
      input: { templateKey: 'technical_issue_acknowledgement', values: { feature: 'the results page' } },
    });
    expect(refused.errors?.[0]?.message).toBe(
      'input.body: fill in {{situation}}, {{initial_findings}}, {{current_work}}, {{questions}}, {{update_by}} before sending',
    );
    expect(await countRows(server)).toEqual(before);

    const rendered = await server.gql(
      graphql(`
        query ($t: ID!) {
          renderResponseTemplate(ticketId: $t, key: "more_information_needed") {
            subject
            missing
          }
        }
      `),
      { t: ticket.id },
    );
    expect(rendered.data?.renderResponseTemplate).toEqual({ subject: `Re: ${ticket.title} [${ticket.number}]`, missing: ['questions'] });

    // A NEW ticket leaves NEW only once triaged: a reply asking the user for details is refused until then.
    clock.set('2026-03-02T14:45:00Z');
    const early = await server.gql(RESPOND, {
      id: ticket.id,
      input: { templateKey: 'more_information_needed', values: { questions: '- Which browser?' }, status: 'WAITING_ON_USER' },
    });
    expect(early.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.type', message: 'required to leave NEW (triage sets type, priority and owner)' },
      { field: 'input.ownerId', message: 'required to leave NEW (triage sets type, priority and owner)' },
    ]);
    expect(await countRows(server)).toEqual(before);
    expect((await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P2', ownerId: adminId } })).errors).toBeUndefined();

    clock.set('2026-03-02T14:50:00Z'); // triaged inside the 1 h triage target
    const sent = await server.gql(RESPOND, {
      id: ticket.id,
      input: { templateKey: 'more_information_needed', values: { questions: '- Which browser?' }, status: 'WAITING_ON_USER' },
    });
    expect(sent.errors).toBeUndefined();
    const t = sent.data!.respondToTicket;
    expect(t.status).toBe('WAITING_ON_USER');
    expect(t.firstRespondedAt).toBe('2026-03-02T14:50:00.000Z');
    expect(t.slaClocks).toEqual([
      { kind: 'TRIAGE', state: 'MET', dueAt: expect.any(String) },
      { kind: 'FIRST_RESPONSE', state: 'MET', dueAt: '2026-03-02T18:00:00.000Z' },
      { kind: 'USER_UPDATE', state: 'PAUSED', dueAt: null },
      { kind: 'RESOLUTION', state: 'PAUSED', dueAt: null },
    ]);
    const response = t.messages.at(-1)!;
    expect(response).toMatchObject({ kind: 'RESPONSE', direction: 'OUTBOUND', templateKey: 'more_information_needed' });
    expect(response.body).toContain('Hi Lin,');
    expect(response.body).toContain('- Which browser?');
    const outbox = await server.app.rt.prisma.notification.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(outbox.map((n) => n.template)).toEqual(['auto_acknowledgement', 'more_information_needed']);
  });

  it('answers a ticket whose customer title has {{braces}} of its own, and still refuses a real unfilled placeholder', async () => {
    const ticket = await createTicket(server, { title: 'Error {{x}} in my {{template}}', requesterEmail: 'brace@example.com', priority: 'P3' });
    const rendered = await server.gql(
      graphql(`
        query ($t: ID!) {
          renderResponseTemplate(ticketId: $t, key: "more_information_needed") {
            subject
            missing
            verbatim
          }
        }
      `),
      { t: ticket.id },
    );
    expect(rendered.data?.renderResponseTemplate).toEqual({
      subject: `Re: Error {{x}} in my {{template}} [${ticket.number}]`,
      missing: ['questions'],
      verbatim: ['Error {{x}} in my {{template}}'],
    });

    const unfilled = await server.gql(RESPOND, { id: ticket.id, input: { templateKey: 'more_information_needed' } });
    expect(unfilled.errors?.[0]?.message).toBe('input.body: fill in {{questions}} before sending');

    const sent = await server.gql(RESPOND, { id: ticket.id, input: { templateKey: 'more_information_needed', values: { questions: '- Which {{x}}?' } } });
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.respondToTicket.messages.find((m) => m.kind === 'RESPONSE')!.body).toContain('- Which {{x}}?');
    const mail = await server.app.rt.prisma.notification.findFirstOrThrow({ where: { ticketId: ticket.id, template: 'more_information_needed' } });
    expect(mail.subject).toBe(`Re: Error {{x}} in my {{template}} [${ticket.number}]`);

    const own = await server.gql(RESPOND, { id: ticket.id, input: { body: 'Thanks — about "Error {{x}} in my {{template}}": fixed.' } });
    expect(own.errors).toBeUndefined();
    const stray = await server.gql(RESPOND, { id: ticket.id, input: { body: 'Hi {{requester_name}}, see {{link}}' } });
    expect(stray.errors?.[0]?.message).toBe('input.body: fill in {{link}} before sending');
  });

  it('lets a manager edit a template', async () => {
    const EDIT = graphql(`
      mutation ($key: String!, $input: UpdateResponseTemplateInput!) {
        updateResponseTemplate(key: $key, input: $input) {
          key
          body
          placeholders
        }
      }
    `);
    const edited = await server.gql(EDIT, { key: 'question_answer', input: { body: 'Hi {{requester_name}},\n\n{{answer}}\n\n{{agent_name}}' } });
    expect(edited.data?.updateResponseTemplate).toMatchObject({
      key: 'question_answer',
      placeholders: ['ticket_title', 'ticket_number', 'requester_name', 'answer', 'agent_name'],
    });
    const unknown = await server.gql(EDIT, { key: 'no_such_template', input: { body: 'x' } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const empty = await server.gql(EDIT, { key: 'question_answer', input: { body: '  ' } });
    expect(empty.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'input.body', message: 'must not be empty' }]);
  });
});
