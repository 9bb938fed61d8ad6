// The guide's "escalate immediately" triggers that do not depend on priority: a legal threat, a press
// inquiry and a security or privacy concern go to management at once (security also to the tech leads
// and the on-call engineer) by e-mail and chat with the escalation template, at any priority and any
// hour; "expertise needed" goes to the tech lead (L3). Each trigger is found in a new ticket's words.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { deliverNotifications } from '@opsboard/server/notifications/jobs.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTicket } from '../../support/factories/tickets.ts';
import { createPeople, type TestPerson } from '../../support/factories/people.ts';
import { createRotation } from '../../support/factories/oncall.ts';
import { crlf, postEmail } from '../../support/factories/intake.ts';
import { startHttpReceiver, type HttpReceiver } from '../../support/receivers.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

const PUBLIC = 'https://ops.example.com';
// Tuesday 3 March 2026, 03:00 in New York: outside business hours, inside everyone's quiet hours.
const NIGHT = new Date('2026-03-03T08:00:00Z');
const clock = new ManualClock(NIGHT);
let server: TestServer;
let chat: HttpReceiver;
let lead: TestPerson, manager: TestPerson, onCall: TestPerson, agent: TestPerson;

const TICKET = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      number
      escalationLevel
      triageSuggestion {
        flags {
          reason
          trigger
          words
        }
      }
      escalations {
        id
        fromLevel
        toLevel
        reason
        automatic
        priority
        createdAt
        template {
          subject
          body
          timeline
          details
        }
      }
    }
  }
`);
const ESCALATE = graphql(`
  mutation ($id: ID!, $input: EscalateTicketInput!) {
    escalateTicket(id: $id, input: $input) {
      id
      toLevel
      reason
    }
  }
`);
const TEMPLATE = {
  issue: 'Import of class lists fails for one school',
  impact: 'One school',
  attempted: 'Retried',
  needed: 'Someone who knows the importer',
  timeline: 'This week',
};

const ticketView = async (id: string) => (await server.gql(TICKET, { id })).data!.ticket!;
/** [channel, who, when due] of the notifications an escalation queued, sorted. */
const told = async (escalationId: string) =>
  (await server.app.rt.prisma.notification.findMany({ where: { idempotencyKey: { startsWith: `escalation:${escalationId}` } } }))
    .map((n) => [n.channel, n.userId, n.nextAttemptAt.toISOString()])
    .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
const due = (channel: string, people: TestPerson[], at = NIGHT) =>
  people.map((p) => [channel, p.id, at.toISOString()]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
const chatTexts = () => chat.requests.map((r) => (JSON.parse(r.body) as { text: string }).text);
const mailTicket = async (subject: string, body: string, id: string) => {
  const response = await postEmail(
    server,
    crlf(
      `From: Pat Parent <pat@example.com>\nTo: support@pmerit.com\nSubject: ${subject}\nMessage-ID: <${id}@mail.example.com>\nContent-Type: text/plain; charset=utf-8\n\n${body}\n`,
    ),
  );
  expect(response.status).toBe(201);
  return server.app.rt.prisma.ticket.findFirstOrThrow({ where: { title: subject } });
};

beforeAll(async () => {
  chat = await startHttpReceiver();
  server = await startServer({ clock, env: { CHAT_WEBHOOK_URL: chat.url, OPSBOARD_PUBLIC_URL: `${PUBLIC}/` } });
  [lead] = (await createPeople(server, ['Lena Lead'], 'LEAD')) as [TestPerson];
  [manager] = (await createPeople(server, ['Mona Manager'], 'MANAGER')) as [TestPerson];
  [onCall] = (await createPeople(server, ['Otto Oncall'], 'ENGINEER')) as [TestPerson];
  [agent] = (await createPeople(server, ['Abe Agent'], 'AGENT')) as [TestPerson];
  // Everyone sleeps 22:00–07:00 in New York.
  await server.app.rt.prisma.user.updateMany({ data: { timeZone: 'America/New_York', quietHoursStart: 22 * 60, quietHoursEnd: 7 * 60 } });
  await createRotation(server, [onCall]);
});
afterAll(async () => {
  await server?.stop();
  await chat?.close();
});
beforeEach(async () => {
  clock.set(NIGHT);
  await deliverNotifications(server.app.rt, server.app.outbound);
  chat.requests.length = 0;
});

describe('sensitive triggers escalate on arrival, at any priority and any hour', () => {
  it('a P3 legal threat at 03:00 goes to MANAGEMENT at once: the managers by e-mail and chat with the template, through quiet hours', async () => {
    const created = await createTicket(server, {
      priority: 'P3',
      title: 'Typo on the certificate',
      description: 'My name is misspelled on the certificate again. My lawyer will be in touch about legal action.',
      requesterEmail: 'pat@example.com',
      requesterName: 'Pat Parent',
    });
    const t = await ticketView(created.id);
    expect(t.escalationLevel).toBe('MANAGEMENT');
    expect(t.triageSuggestion.flags).toEqual([{ reason: 'UPSET_USER', trigger: 'User threatening legal action', words: ['lawyer', 'legal action'] }]);
    expect(t.escalations).toHaveLength(1);
    const e = t.escalations[0]!;
    expect(e).toMatchObject({ fromLevel: 'L1', toLevel: 'MANAGEMENT', reason: 'UPSET_USER', automatic: true, priority: 'P3', createdAt: NIGHT.toISOString() });
    expect(e.template.subject).toBe('ESCALATION: P3 - Typo on the certificate');
    expect(e.template.timeline).toBe('Immediate');
    expect(e.template.details).toBe('Escalated automatically on arrival: User threatening legal action ("lawyer", "legal action").');
    expect(e.template.body).toContain(`Ticket: ${t.number}\nUser: Pat Parent / pat@example.com`);

    // Due now although 03:00 is in the manager's quiet hours and outside business hours.
    expect(await told(e.id)).toEqual([...due('CHAT', [manager]), ...due('EMAIL', [manager])]);
    await deliverNotifications(server.app.rt, server.app.outbound);
    const [message] = chatTexts();
    expect(chatTexts()).toHaveLength(1);
    expect(message).toBe(
      `@Mona Manager: ESCALATION: P3 - Typo on the certificate (escalated to management)\n${e.template.body}\n${PUBLIC}/tickets/${t.number}`,
    );
  });

  it('a press inquiry by e-mail goes to the managers at once', async () => {
    const ticket = await mailTicket('Question from a journalist', 'I am a journalist at the Daily Herald writing a story about online schools.', 'press-1');
    const t = await ticketView(ticket.id);
    expect(t.triageSuggestion.flags).toEqual([{ reason: 'PRESS', trigger: 'Media or press inquiry', words: ['journalist', 'writing a story'] }]);
    expect(t.escalations.map((e) => [e.reason, e.toLevel, e.automatic])).toEqual([['PRESS', 'MANAGEMENT', true]]);
    expect(await told(t.escalations[0]!.id)).toEqual([...due('CHAT', [manager]), ...due('EMAIL', [manager])]);
  });

  it('a security concern by e-mail goes to the managers, the tech leads and the on-call engineer at once', async () => {
    const ticket = await mailTicket('Other schools in my search', 'I think student data was leaked: is this a GDPR problem?', 'security-1');
    const t = await ticketView(ticket.id);
    expect(t.triageSuggestion.flags).toEqual([{ reason: 'SECURITY', trigger: 'Security or privacy concern', words: ['leaked', 'GDPR'] }]);
    expect(t.escalations.map((e) => [e.reason, e.toLevel, e.automatic])).toEqual([['SECURITY', 'MANAGEMENT', true]]);
    // Suggested P0 (a leak): the e-mails plus one @channel message instead of a message to each.
    expect(await told(t.escalations[0]!.id)).toEqual([['CHAT', null, NIGHT.toISOString()], ...due('EMAIL', [lead, manager, onCall])]);
    await deliverNotifications(server.app.rt, server.app.outbound);
    expect(chatTexts().filter((m) => m.startsWith('<!channel> ESCALATION'))).toEqual([
      `<!channel> ESCALATION: P0 - Other schools in my search\n${t.number} escalated L1 → MANAGEMENT (security or privacy concern).\n${PUBLIC}/tickets/${t.number}`,
    ]);
  });

  it('several triggers make one escalation, security first, every trigger in its details', async () => {
    const created = await createTicket(server, { title: 'Hacked account', description: 'My account was hacked. I have told the press and my attorney.' });
    const t = await ticketView(created.id);
    expect(t.triageSuggestion.flags.map((f) => f.reason)).toEqual(['SECURITY', 'UPSET_USER', 'PRESS']);
    expect(t.escalations).toHaveLength(1);
    expect(t.escalations[0]).toMatchObject({ reason: 'SECURITY', toLevel: 'MANAGEMENT' });
    expect(t.escalations[0]!.template.details).toBe(
      'Escalated automatically on arrival: Security or privacy concern ("Hacked"); User threatening legal action ("attorney"); Media or press inquiry ("the press").',
    );
  });

  it('matches whole words only: "impressed", "pressing", "leakage", "legally" escalate nothing', async () => {
    const before = await server.app.rt.prisma.escalation.count();
    const created = await createTicket(server, {
      priority: 'P3',
      title: 'Pressing the export button',
      description: 'I was impressed by the new reports. Pressing export shows a leakage of whitespace; is it legally fine to share them?',
    });
    const t = await ticketView(created.id);
    expect(t.triageSuggestion.flags).toEqual([]);
    expect(t.escalationLevel).toBe('L1');
    expect(await server.app.rt.prisma.escalation.count()).toBe(before);
  });
});

describe('escalating a sensitive reason or expertise by hand', () => {
  it('a P3 escalated for a legal threat goes to MANAGEMENT and tells the managers at once; expertise needed goes to L3 and tells the tech lead', async () => {
    const legal = await createTicket(server, { priority: 'P3', title: 'Angry about the invoice' });
    const l = await server.gql(ESCALATE, { id: legal.id, input: { ...TEMPLATE, reason: 'UPSET_USER' } });
    expect(l.data?.escalateTicket).toMatchObject({ toLevel: 'MANAGEMENT', reason: 'UPSET_USER' });
    expect(await told(l.data!.escalateTicket.id)).toEqual([...due('CHAT', [manager]), ...due('EMAIL', [manager])]);

    const hard = await createTicket(server, { priority: 'P3', title: 'Importer question' });
    const x = await server.gql(ESCALATE, { id: hard.id, input: { ...TEMPLATE, reason: 'EXPERTISE' } });
    expect(x.data?.escalateTicket).toMatchObject({ toLevel: 'L3', reason: 'EXPERTISE' });
    // Not urgent: the tech lead hears when quiet hours end (07:00 in New York = 12:00 UTC).
    expect(await told(x.data!.escalateTicket.id)).toEqual(
      due('CHAT', [lead], new Date('2026-03-03T12:00:00Z')).concat(due('EMAIL', [lead], new Date('2026-03-03T12:00:00Z'))),
    );
    expect(agent.id).not.toBe(lead.id);
  });

  it('the reference card lists each reason with its level and whom it tells', async () => {
    const card = (
      await server.gql(
        graphql(`
          {
            referenceCard {
              reasonEscalations {
                reason
                toLevel
                automatic
                sendTo
              }
            }
          }
        `),
      )
    ).data!.referenceCard;
    expect(card.reasonEscalations).toEqual([
      {
        reason: 'SECURITY',
        toLevel: 'MANAGEMENT',
        automatic: true,
        sendTo: 'e-mail all tech leads, managers, on call + chat DM each + weekly review list (through quiet hours)',
      },
      { reason: 'UPSET_USER', toLevel: 'MANAGEMENT', automatic: true, sendTo: 'e-mail the managers + chat DM each + weekly review list (through quiet hours)' },
      { reason: 'PRESS', toLevel: 'MANAGEMENT', automatic: true, sendTo: 'e-mail the managers + chat DM each + weekly review list (through quiet hours)' },
      { reason: 'EXPERTISE', toLevel: 'L3', automatic: false, sendTo: 'e-mail the tech lead + chat DM + weekly review list' },
    ]);
  });
});
