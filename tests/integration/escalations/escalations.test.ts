// Escalation through the API: the guide's template by hand, automatic on P0, on more than 10 users and
// after 4 hours without progress (the minute job, once per stall), the send-to rules as notifications
// through preferences and quiet hours, and Slack-compatible chat messages with links back.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { deliverNotifications } from '@opsboard/server/notifications/jobs.ts';
import { runEscalationSweep } from '@opsboard/server/escalations/service.ts';
import { NO_PROGRESS_MS, sendToRules, USERS_IMPACTED_THRESHOLD } from '@opsboard/server/escalations/rules.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTicket } from '../../support/factories/tickets.ts';
import { createPeople, type TestPerson } from '../../support/factories/people.ts';
import { startHttpReceiver, type HttpReceiver } from '../../support/receivers.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql, type VariablesOf } from '../../support/graphql.ts';
import { declareIncident } from '../../support/factories/incidents.ts';

const PUBLIC = 'https://ops.example.com';
const T0 = Date.parse('2026-03-02T14:00:00Z'); // Monday 09:00 in New York
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const clock = new ManualClock(at(0));
let server: TestServer;
let chat: HttpReceiver;
let lead: TestPerson, manager: TestPerson, engineer: TestPerson;

const ESCALATE = graphql(`
  mutation ($id: ID!, $input: EscalateTicketInput!) {
    escalateTicket(id: $id, input: $input) {
      id
      fromLevel
      toLevel
      reason
      automatic
      priority
      agenda
      template {
        priority
        ticket
        user
        issue
        impact
        attempted
        needed
        timeline
        details
        subject
        body
      }
      escalatedBy {
        email
      }
      assignedTo {
        email
      }
      ticket {
        escalationLevel
      }
    }
  }
`);
const HISTORY = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      escalationLevel
      escalations {
        fromLevel
        toLevel
        reason
        automatic
        priority
        createdAt
      }
    }
  }
`);
const TRIAGE = graphql(`
  mutation ($id: ID!, $input: TriageInput!) {
    triageTicket(id: $id, input: $input) {
      priority
      escalationLevel
    }
  }
`);
const TEMPLATE = {
  issue: 'Results page spins forever for one school',
  impact: 'One class of 30 students',
  attempted: 'Cleared caches, checked the logs',
  needed: 'Engineering to look at the results query',
  timeline: 'Today',
};

const escalate = (id: string, input: VariablesOf<typeof ESCALATE>['input']) => server.gql(ESCALATE, { id, input });
const counts = async () => {
  const p = server.app.rt.prisma;
  const [escalations, events, notifications, activities] = await Promise.all([
    p.escalation.count(),
    p.event.count(),
    p.notification.count(),
    p.ticketActivity.count(),
  ]);
  return { escalations, events, notifications, activities };
};
const escalatedEvents = (ticketId: string) =>
  server.app.rt.prisma.event.findMany({ where: { type: 'TICKET_ESCALATED', entityId: ticketId }, orderBy: { id: 'asc' } });
const chatMessages = () => chat.requests.map((r) => JSON.parse(r.body) as { text: string });
/** Messages queued in the same instant go out in no particular order. */
const sortedChatMessages = () => chatMessages().sort((a, b) => a.text.localeCompare(b.text));

beforeAll(async () => {
  chat = await startHttpReceiver();
  server = await startServer({ clock, env: { CHAT_WEBHOOK_URL: chat.url, OPSBOARD_PUBLIC_URL: `${PUBLIC}/` } });
  [lead] = (await createPeople(server, ['Lena Lead'], 'LEAD')) as [TestPerson];
  [manager] = (await createPeople(server, ['Mona Manager'], 'MANAGER')) as [TestPerson];
  [engineer] = (await createPeople(server, ['Erik Engineer'], 'ENGINEER')) as [TestPerson];
  // The tech lead is in quiet hours (13:00–16:00 UTC) for the whole test day.
  await server.app.rt.prisma.user.update({ where: { id: lead.id }, data: { timeZone: 'UTC', quietHoursStart: 13 * 60, quietHoursEnd: 16 * 60 } });
});
afterAll(async () => {
  await server?.stop();
  await chat?.close();
});
beforeEach(async () => {
  clock.set(at(0));
  await deliverNotifications(server.app.rt, server.app.outbound); // nothing from an earlier test is left to send
  chat.requests.length = 0;
});

describe('escalating by hand', () => {
  it('refuses an incomplete template, naming each field, and writes nothing', async () => {
    const ticket = await createTicket(server, { priority: 'P1' });
    const untriaged = await createTicket(server);
    const before = await counts();
    const bad = await escalate(ticket.id, { ...TEMPLATE, issue: '  ', needed: '', reason: 'P0', assigneeId: 'someone' });
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.issue', message: 'must not be empty' },
      { field: 'input.needed', message: 'must not be empty' },
      { field: 'input.reason', message: 'must be MANUAL, UPSET_USER, SECURITY, PRESS or EXPERTISE' },
      { field: 'input.assigneeId', message: 'must be a user id' },
    ]);
    const noPriority = await escalate(untriaged.id, TEMPLATE);
    expect(noPriority.errors?.[0]?.message).toBe(`input.priority: required: ${untriaged.number} has no priority yet (P0, P1, P2 or P3)`);
    const nobody = await escalate(ticket.id, { ...TEMPLATE, assigneeId: '00000000-0000-4000-8000-000000000000' });
    expect(nobody.errors?.[0]?.message).toBe('input.assigneeId: no active user with that id');
    const missing = await escalate('00000000-0000-4000-8000-000000000000', TEMPLATE);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it("records a P1 escalation with the guide's template, tells the tech lead by mail and chat, and keeps the history", async () => {
    const ticket = await createTicket(server, { priority: 'P1', requesterEmail: 'ada@example.com', requesterName: 'Ada Lovelace' });
    clock.set(at(10));
    const result = await escalate(ticket.id, { ...TEMPLATE, details: 'Log: timeout after 30 s on /results', assigneeId: lead.id });
    expect(result.errors).toBeUndefined();
    const e = result.data!.escalateTicket;
    expect(e).toMatchObject({
      fromLevel: 'L1',
      toLevel: 'L2',
      reason: 'MANUAL',
      automatic: false,
      priority: 'P1',
      agenda: null,
      escalatedBy: { email: 'admin@opsboard.example' },
      assignedTo: { email: lead.email },
      ticket: { escalationLevel: 'L2' },
      template: { priority: 'P1', ticket: ticket.number, user: 'Ada Lovelace / ada@example.com', ...TEMPLATE, details: 'Log: timeout after 30 s on /results' },
    });
    expect(e.template.subject).toBe(`ESCALATION: P1 - ${ticket.title}`);
    expect(e.template.body).toBe(
      [
        'Priority: P1',
        `Ticket: ${ticket.number}`,
        'User: Ada Lovelace / ada@example.com',
        `Issue: ${TEMPLATE.issue}`,
        `Impact: ${TEMPLATE.impact}`,
        `Attempted: ${TEMPLATE.attempted}`,
        `Needed: ${TEMPLATE.needed}`,
        `Timeline: ${TEMPLATE.timeline}`,
        '',
        'Log: timeout after 30 s on /results',
      ].join('\n'),
    );

    const history = await server.gql(HISTORY, { id: ticket.id });
    expect(history.data?.ticket).toEqual({
      escalationLevel: 'L2',
      escalations: [{ fromLevel: 'L1', toLevel: 'L2', reason: 'MANUAL', automatic: false, priority: 'P1', createdAt: at(10).toISOString() }],
    });
    const activity = await server.app.rt.prisma.ticketActivity.findFirstOrThrow({ where: { ticketId: ticket.id, action: 'escalated' } });
    expect(activity).toMatchObject({ fromValue: 'L1', toValue: 'L2', data: { reason: 'MANUAL', automatic: false, escalationId: e.id } });
    const events = await escalatedEvents(ticket.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      topic: 'escalations',
      payload: { escalation: { id: e.id, fromLevel: 'L1', toLevel: 'L2', reason: 'MANUAL' }, notifiedUserIds: [lead.id] },
    });

    // P1: the tech lead by e-mail and chat; both wait for the end of their quiet hours (16:00 UTC).
    const sent = await server.app.rt.prisma.notification.findMany({
      where: { idempotencyKey: { startsWith: `escalation:${e.id}` } },
      orderBy: { channel: 'asc' },
    });
    expect(sent.map((n) => [n.channel, n.recipient, n.userId, n.nextAttemptAt.toISOString()])).toEqual([
      ['EMAIL', lead.email, lead.id, '2026-03-02T16:00:00.000Z'],
      ['CHAT', lead.email, lead.id, '2026-03-02T16:00:00.000Z'],
    ]);
    expect(sent.find((n) => n.channel === 'EMAIL')!.body).toContain(`${PUBLIC}/tickets/${ticket.number}`);
    await deliverNotifications(server.app.rt, server.app.outbound);
    expect(chat.requests).toHaveLength(0);
    clock.set('2026-03-02T16:00:00Z');
    await deliverNotifications(server.app.rt, server.app.outbound);
    expect(chatMessages()).toEqual([
      { text: `@Lena Lead: ESCALATION: P1 - ${ticket.title} (escalated to L2 engineering team)\n${PUBLIC}/tickets/${ticket.number}` },
    ]);
  });

  it('climbs one level at a time up to MANAGEMENT and refuses to go past it', async () => {
    const ticket = await createTicket(server, { priority: 'P2' });
    const lower = await escalate(ticket.id, { ...TEMPLATE, toLevel: 'L1' });
    expect(lower.errors?.[0]?.message).toBe(`input.toLevel: must be above ${ticket.number}'s current level L1 (L1 → L2 → L3 → MANAGEMENT)`);
    const levels = [];
    for (let i = 0; i < 3; i++) levels.push((await escalate(ticket.id, TEMPLATE)).data?.escalateTicket.toLevel);
    expect(levels).toEqual(['L2', 'L3', 'MANAGEMENT']);
    const before = await counts();
    const past = await escalate(ticket.id, TEMPLATE);
    expect(past.errors?.[0]?.message).toBe(
      `id: ${ticket.number} is already at MANAGEMENT, the top of the escalation path (L1 → L2 → L3 → MANAGEMENT): there is no one left to escalate to`,
    );
    expect(past.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('puts a P2 escalation on the daily stand-up list and a P3 on the weekly review, telling the owner in the app', async () => {
    const p2 = await createTicket(server, { priority: 'P2' });
    await server.gql(TRIAGE, { id: p2.id, input: { type: 'BUG', priority: 'P2', ownerId: engineer.id } });
    const p3 = await createTicket(server, { priority: 'P3' });
    const a = await escalate(p2.id, TEMPLATE);
    const b = await escalate(p3.id, { ...TEMPLATE, reason: 'UPSET_USER', toLevel: 'MANAGEMENT' });
    expect(a.data?.escalateTicket).toMatchObject({ agenda: 'DAILY_STANDUP', priority: 'P2' });
    expect(b.data?.escalateTicket).toMatchObject({ agenda: 'WEEKLY_REVIEW', priority: 'P3', reason: 'UPSET_USER', toLevel: 'MANAGEMENT' });
    const agenda = await server.gql(
      graphql(`
        {
          standup: escalationAgenda(agenda: DAILY_STANDUP) {
            id
            ticket {
              number
            }
          }
          weekly: escalationAgenda(agenda: WEEKLY_REVIEW) {
            id
            ticket {
              number
            }
          }
        }
      `),
    );
    expect(agenda.data?.standup.map((e: { ticket: { number: string } }) => e.ticket.number)).toContain(p2.number);
    expect(agenda.data?.standup.map((e: { ticket: { number: string } }) => e.ticket.number)).not.toContain(p3.number);
    expect(agenda.data?.weekly.map((e: { ticket: { number: string } }) => e.ticket.number)).toEqual([p3.number]);
    const told = await server.app.rt.prisma.notification.findMany({ where: { idempotencyKey: { startsWith: `escalation:${a.data!.escalateTicket.id}` } } });
    expect(told.map((n) => [n.channel, n.userId])).toEqual([['IN_APP', engineer.id]]);
    // A legal threat reaches the managers at once whatever the priority (sensitive.test.ts has the rest).
    const legal = await server.app.rt.prisma.notification.findMany({ where: { idempotencyKey: { startsWith: `escalation:${b.data!.escalateTicket.id}` } } });
    expect(legal.map((n) => [n.channel, n.userId]).sort()).toEqual([
      ['CHAT', manager.id],
      ['EMAIL', manager.id],
    ]);
  });
});

describe('the quick-reference card', () => {
  const CARD = graphql(`
    {
      referenceCard {
        escalationPath {
          level
          team
          handles
        }
        escalateWhen
        escalations {
          priority
          sendTo
          agenda
          urgent
        }
        automaticEscalations {
          reason
          when
          threshold
          effect
        }
      }
    }
  `);

  it("lists the escalation service's own send-to rules per priority, and escalations land where the card says", async () => {
    const card = (await server.gql(CARD)).data!.referenceCard;
    expect(card.escalations.map((e) => e.priority)).toEqual(['P0', 'P1', 'P2', 'P3']);
    const by = Object.fromEntries(card.escalations.map((e) => [e.priority, e]));
    expect(by.P0).toEqual({
      priority: 'P0',
      sendTo: '@channel in chat + e-mail all tech leads, managers, on call (through quiet hours)',
      agenda: null,
      urgent: true,
    });
    expect(by.P1).toMatchObject({ sendTo: 'e-mail the tech lead + chat DM', agenda: null, urgent: false });
    expect(by.P2).toMatchObject({ sendTo: 'tag owner in the ticket + daily stand-up list', agenda: 'DAILY_STANDUP' });
    expect(by.P3).toMatchObject({ sendTo: 'tag owner in the ticket + weekly review list', agenda: 'WEEKLY_REVIEW' });
    for (const priority of ['P0', 'P1', 'P2', 'P3'] as const) {
      expect({ agenda: by[priority]!.agenda, urgent: by[priority]!.urgent }).toEqual({
        agenda: sendToRules(priority).agenda,
        urgent: sendToRules(priority).urgent,
      });
    }
    // What an escalation of each priority was actually given matches the card.
    for (const priority of ['P1', 'P2', 'P3'] as const) {
      const ticket = await createTicket(server, { title: `Card check ${priority}` });
      const r = await escalate(ticket.id, { ...TEMPLATE, priority });
      expect(r.data?.escalateTicket.agenda ?? null).toBe(by[priority]!.agenda);
    }
  });

  it('lists the levels and the automatic escalations with their thresholds', async () => {
    const card = (await server.gql(CARD)).data!.referenceCard;
    expect(card.escalationPath.map((l: { level: string }) => l.level)).toEqual(['L1', 'L2', 'L3', 'MANAGEMENT']);
    expect(card.automaticEscalations).toEqual([
      expect.objectContaining({ reason: 'P0', threshold: 'priority P0' }),
      expect.objectContaining({ reason: 'USERS_IMPACTED', threshold: `users impacted > ${USERS_IMPACTED_THRESHOLD}`, when: 'It impacts more than 10 users' }),
      expect.objectContaining({ reason: 'NO_PROGRESS', threshold: `${NO_PROGRESS_MS / 3_600_000} h without progress (P0/P1/P2/P3, triaged or in progress)` }),
      expect.objectContaining({ reason: 'SECURITY', effect: 'MANAGEMENT at once; managers, tech leads, on call' }),
      expect.objectContaining({ reason: 'UPSET_USER', effect: 'MANAGEMENT at once; managers' }),
      expect.objectContaining({ reason: 'PRESS', effect: 'MANAGEMENT at once; managers' }),
    ]);
    expect(card.escalateWhen).toContain('4+ hours of work without progress');
    expect(card.escalateWhen).toContain('Media or press inquiry');
  });
});

describe('automatic escalation', () => {
  it('escalates a P0 once, to senior engineering, alerting every tech lead and manager through quiet hours and the channel', async () => {
    const ticket = await createTicket(server, { title: 'Production site returning 500 errors', requesterEmail: 'ops@school.example' });
    expect(await escalatedEvents(ticket.id)).toHaveLength(0);
    clock.set(at(5));
    const triaged = await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P0', ownerId: engineer.id } });
    expect(triaged.data?.triageTicket).toEqual({ priority: 'P0', escalationLevel: 'L3' });
    // Another change to the P0 ticket does not escalate it again.
    await server.gql(
      graphql(`
        mutation ($id: ID!) {
          updateTicket(id: $id, input: { status: IN_PROGRESS }) {
            status
          }
        }
      `),
      { id: ticket.id },
    );
    const history = (await server.gql(HISTORY, { id: ticket.id })).data?.ticket;
    expect(history!.escalations).toEqual([{ fromLevel: 'L1', toLevel: 'L3', reason: 'P0', automatic: true, priority: 'P0', createdAt: at(5).toISOString() }]);
    const events = await escalatedEvents(ticket.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ escalation: { reason: 'P0', automatic: true, toLevel: 'L3' } });
    expect(new Set((events[0]!.payload as { notifiedUserIds: string[] }).notifiedUserIds)).toEqual(new Set([lead.id, manager.id]));

    const escalation = await server.app.rt.prisma.escalation.findFirstOrThrow({ where: { ticketId: ticket.id } });
    expect(escalation.template).toMatchObject({
      priority: 'P0',
      timeline: 'Immediate',
      needed: 'All hands: senior engineering and management, a fix or a rollback',
    });
    const rows = await server.app.rt.prisma.notification.findMany({ where: { idempotencyKey: { startsWith: `escalation:${escalation.id}` } } });
    // Urgent: due now, even for the lead in quiet hours.
    expect(
      rows
        .filter((n) => n.channel === 'EMAIL')
        .map((n) => [n.recipient, n.nextAttemptAt.toISOString()])
        .sort(),
    ).toEqual(
      [
        [lead.email, at(5).toISOString()],
        [manager.email, at(5).toISOString()],
      ].sort(),
    );
    await deliverNotifications(server.app.rt, server.app.outbound);
    expect(sortedChatMessages()).toEqual([
      { text: `<!channel> ESCALATION: P0 - ${ticket.title}\n${ticket.number} escalated L1 → L3 (P0: critical).\n${PUBLIC}/tickets/${ticket.number}` },
      // The ticket's triage suggestion paged at arrival (no rotation here: the tech leads); paging has its own tests.
      { text: expect.stringMatching(new RegExp(`^<!channel> PAGE Untriaged ${ticket.number}: `)) },
    ]);
  });

  it('escalates to engineering when more than 10 users are impacted, once', async () => {
    const ticket = await createTicket(server, { priority: 'P2', usersImpacted: 8 });
    expect(await escalatedEvents(ticket.id)).toHaveLength(0);
    await server.gql(
      graphql(`
        mutation ($id: ID!) {
          updateTicket(id: $id, input: { usersImpacted: 25 }) {
            id
          }
        }
      `),
      { id: ticket.id },
    );
    await server.gql(
      graphql(`
        mutation ($id: ID!) {
          updateTicket(id: $id, input: { usersImpacted: 40 }) {
            id
          }
        }
      `),
      { id: ticket.id },
    );
    const history = (await server.gql(HISTORY, { id: ticket.id })).data?.ticket;
    expect(history).toMatchObject({ escalationLevel: 'L2', escalations: [{ fromLevel: 'L1', toLevel: 'L2', reason: 'USERS_IMPACTED', automatic: true }] });
    expect(await escalatedEvents(ticket.id)).toHaveLength(1);
    // At creation too.
    const big = await createTicket(server, { usersImpacted: 120 });
    expect((await server.gql(HISTORY, { id: big.id })).data?.ticket?.escalations).toMatchObject([{ reason: 'USERS_IMPACTED', toLevel: 'L2', priority: 'P1' }]);
  });

  it('escalates after 4 hours without progress, once per stall, from the minute job', async () => {
    const p = server.app.rt.prisma;
    // Only this test's tickets are stalled: earlier ones made progress "now".
    await p.ticket.updateMany({ data: { lastProgressAt: at(24 * 60) } });
    const ticket = await createTicket(server, { priority: 'P2' });
    await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P2', ownerId: engineer.id } });
    const p3 = await createTicket(server, { priority: 'P3' });
    await server.gql(TRIAGE, { id: p3.id, input: { type: 'BUG', priority: 'P3', ownerId: engineer.id } });

    clock.set(at(4 * 60 - 1));
    expect(await runEscalationSweep(server.app.rt)).toEqual({ escalated: 0, ran: true });
    clock.set(at(4 * 60));
    expect(await runEscalationSweep(server.app.rt)).toEqual({ escalated: 2, ran: true });
    for (let minute = 1; minute <= 3; minute++) {
      clock.set(at(4 * 60 + minute));
      expect(await runEscalationSweep(server.app.rt)).toEqual({ escalated: 0, ran: true });
    }
    expect((await escalatedEvents(ticket.id)).map((e) => (e.payload as { escalation: { reason: string; toLevel: string } }).escalation)).toMatchObject([
      { reason: 'NO_PROGRESS', toLevel: 'L2' },
    ]);
    // The 4-hour rule names no priority: a stalled P3 goes up too ("Escalation: Not required" is about its priority alone).
    expect((await escalatedEvents(p3.id)).map((e) => (e.payload as { escalation: { reason: string; toLevel: string } }).escalation)).toMatchObject([
      { reason: 'NO_PROGRESS', toLevel: 'L2' },
    ]);

    // Progress restarts the count; the next stall escalates again, one level up.
    clock.set(at(5 * 60));
    await server.gql(
      graphql(`
        mutation ($id: ID!) {
          updateTicket(id: $id, input: { status: IN_PROGRESS }) {
            id
          }
        }
      `),
      { id: ticket.id },
    );
    clock.set(at(9 * 60 - 1));
    expect((await runEscalationSweep(server.app.rt)).escalated).toBe(0);
    clock.set(at(9 * 60));
    expect((await runEscalationSweep(server.app.rt)).escalated).toBe(1);
    const history = (await server.gql(HISTORY, { id: ticket.id })).data?.ticket;
    expect(history!.escalations.map((e) => [e.reason, e.toLevel, e.createdAt])).toEqual([
      ['NO_PROGRESS', 'L2', at(4 * 60).toISOString()],
      ['NO_PROGRESS', 'L3', at(9 * 60).toISOString()],
    ]);
    const agenda = await p.escalation.findMany({ where: { ticketId: ticket.id }, select: { agenda: true, template: true } });
    expect(agenda.map((e) => e.agenda)).toEqual(['DAILY_STANDUP', 'DAILY_STANDUP']);
    expect(agenda[0]!.template).toMatchObject({ needed: 'Help to move this forward', attempted: expect.stringContaining('no progress for 4 hours') });
  });
});

describe('P0 incident declared', () => {
  it('alerts the channel with a link to the war room and mails the tech leads and managers', async () => {
    const { id, number } = await declareIncident(server, { title: 'Database inaccessible', severity: 'P0' });
    const mails = await server.app.rt.prisma.notification.findMany({ where: { incidentId: id, channel: 'EMAIL' } });
    expect(mails.map((n) => [n.recipient, n.template, n.nextAttemptAt.toISOString()]).sort()).toEqual(
      [
        [lead.email, 'incident_declared', at(0).toISOString()],
        [manager.email, 'incident_declared', at(0).toISOString()],
        // Nobody is on call in this test: the page asks the tech leads (paging has its own tests).
        [lead.email, 'page', at(0).toISOString()],
      ].sort(),
    );
    await deliverNotifications(server.app.rt, server.app.outbound);
    expect(sortedChatMessages()).toEqual([
      { text: `<!channel> P0 incident #${number}: Database inaccessible — status Investigating.\nWar room: ${PUBLIC}/incidents/${id}` },
      { text: expect.stringMatching(new RegExp(`^<!channel> PAGE P0 incident #${number}: Database inaccessible`)) },
    ]);
  });
});

describe('bad chat configuration', () => {
  it('is refused at start when CHAT_WEBHOOK_URL is not a URL', async () => {
    const { ConfigError, loadConfig } = await import('@opsboard/server/platform/config.ts');
    expect(() => loadConfig({ CHAT_WEBHOOK_URL: 'hooks.slack.com/services/x' })).toThrow(ConfigError);
    expect(() => loadConfig({ CHAT_WEBHOOK_URL: 'hooks.slack.com/services/x' })).toThrow(/CHAT_WEBHOOK_URL: must be an http\(s\) URL/);
  });

  it('never blocks the escalation when the chat service cannot be reached; the attempt says why', async () => {
    const gone = await startHttpReceiver();
    await gone.close(); // a receiver that is no longer there
    const broken = await startServer({ clock, env: { CHAT_WEBHOOK_URL: gone.url } });
    try {
      const ticket = await createTicket(broken, { title: 'Site down for everyone', priority: 'P0' });
      const history = (await broken.gql(HISTORY, { id: ticket.id })).data?.ticket;
      expect(history).toMatchObject({ escalationLevel: 'L3', escalations: [{ reason: 'P0', automatic: true }] });
      expect(await deliverNotifications(broken.app.rt, broken.app.outbound)).toMatchObject({ failed: 1 });
      const row = await broken.app.rt.prisma.notification.findFirstOrThrow({ where: { channel: 'CHAT', ticketId: ticket.id } });
      expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastError: `cannot reach ${new URL(gone.url).host}: ECONNREFUSED` });
    } finally {
      await broken.stop();
    }
  });
});
