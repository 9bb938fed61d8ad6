// The guide's Quality Checks for every response through the API: reviewResponse on an outbound
// response (the latest review wins, each one kept in the ticket's history), who may review, which
// messages are reviewed, and the weekly report's quality numbers.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { runDailyCheck, runWeeklyReport } from '@opsboard/server/reports/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTicket } from '../../support/factories/tickets.ts';
import { createDisplayToken, createPerson, signIn, type TestPerson } from '../../support/factories/people.ts';
import { postEmail } from '../../support/factories/intake.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

// Monday 2 March 2026, 09:00 in New York (the default time zone).
const clock = new ManualClock('2026-03-02T14:00:00Z');
let server: TestServer;
let agent: TestPerson;
let agentToken: string;
let viewerToken: string;

const ALL = [
  'CLEAR_AND_HELPFUL',
  'FRIENDLY_PROFESSIONAL_TONE',
  'ALL_QUESTIONS_ANSWERED',
  'NEXT_STEPS',
  'TIMELINE_SET',
  'FOLLOW_UP_SCHEDULED',
  'WAY_TO_CONTACT_US',
] as const;
const SIX = ALL.filter((c) => c !== 'TIMELINE_SET');

const RESPOND = graphql(`
  mutation ($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      id
    }
  }
`);
const REVIEW = graphql(`
  mutation ($messageId: ID!, $passed: [QualityCheck!]!) {
    reviewResponse(messageId: $messageId, passed: $passed) {
      id
      review {
        passed
        passedAll
        reviewedAt
        reviewer {
          name
        }
      }
    }
  }
`);
const MESSAGES = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      messages {
        id
        kind
        direction
        review {
          passed
          passedAll
          reviewedAt
          reviewer {
            name
          }
        }
      }
    }
  }
`);
const WEEK = graphql(`
  query ($start: DateTime!) {
    report(period: WEEK, start: $start) {
      fromSnapshot
      metrics {
        quality {
          reviewed
          passedAll
          share
        }
      }
      previous {
        quality {
          reviewed
          passedAll
          share
        }
      }
    }
  }
`);

beforeAll(async () => {
  server = await startServer({ clock });
  agent = await createPerson(server, 'Rita Responder', 'AGENT');
  agentToken = await signIn(server, agent);
  viewerToken = await signIn(server, await createPerson(server, 'Vic Viewer', 'VIEWER'));
});
afterAll(async () => server?.stop());

const messagesOf = async (ticketId: string) => (await server.gql(MESSAGES, { id: ticketId })).data!.ticket!.messages;

/** A ticket from a new requester (acknowledged automatically) with one response by the agent; the response's id. */
let requesters = 0;
async function answeredTicket(body = 'Hi {{requester_name}}, we are on it and will write again by tomorrow.') {
  requesters += 1;
  const ticket = await createTicket(server, { requesterEmail: `ada.${requesters}@example.com`, requesterName: 'Ada Lovelace', priority: 'P2' });
  const sent = await server.gql(RESPOND, { id: ticket.id, input: { body } }, agentToken);
  expect(sent.errors).toBeUndefined();
  const messages = await messagesOf(ticket.id);
  const response = messages.find((m) => m.kind === 'RESPONSE')!;
  const acknowledgement = messages.find((m) => m.kind === 'AUTO_ACKNOWLEDGEMENT')!;
  expect(response.review).toBeNull();
  return { ticket, responseId: response.id, acknowledgementId: acknowledgement.id };
}

describe('reviewResponse', () => {
  it('lists the seven checks in the guide’s words', async () => {
    const result = await server.gql(
      graphql(`
        query {
          qualityChecks {
            key
            label
          }
        }
      `),
    );
    expect(result.data?.qualityChecks).toEqual([
      { key: 'CLEAR_AND_HELPFUL', label: 'Response is clear and helpful' },
      { key: 'FRIENDLY_PROFESSIONAL_TONE', label: 'Tone is friendly and professional' },
      { key: 'ALL_QUESTIONS_ANSWERED', label: 'All questions answered' },
      { key: 'NEXT_STEPS', label: 'Next steps provided' },
      { key: 'TIMELINE_SET', label: 'Timeline set' },
      { key: 'FOLLOW_UP_SCHEDULED', label: 'Follow-up scheduled' },
      { key: 'WAY_TO_CONTACT_US', label: 'User has way to contact us again' },
    ]);
  });

  it('passes all with the seven checks, not with six; a second review replaces the first and both stay in the history', async () => {
    clock.set(new Date('2026-03-02T15:00:00Z'));
    const { ticket, responseId } = await answeredTicket();

    // The responder's self-check: six of seven.
    const first = await server.gql(REVIEW, { messageId: responseId, passed: [...SIX].reverse() }, agentToken);
    expect(first.errors).toBeUndefined();
    expect(first.data?.reviewResponse.review).toEqual({
      passed: [...SIX],
      passedAll: false,
      reviewedAt: '2026-03-02T15:00:00.000Z',
      reviewer: { name: 'Rita Responder' },
    });

    // A reviewer (the admin) ticks all seven later: the review is replaced, not added.
    clock.set(new Date('2026-03-02T16:30:00Z'));
    const second = await server.gql(REVIEW, { messageId: responseId, passed: [...ALL] });
    expect(second.errors).toBeUndefined();
    const reviewed = (await messagesOf(ticket.id)).find((m) => m.id === responseId)!;
    expect(reviewed.review).toMatchObject({ passed: [...ALL], passedAll: true, reviewedAt: '2026-03-02T16:30:00.000Z' });
    expect(reviewed.review?.reviewer?.name).not.toBe('Rita Responder');
    expect(await server.app.rt.prisma.responseReview.count({ where: { messageId: responseId } })).toBe(1);

    const history = await server.app.rt.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id, action: 'response_reviewed' },
      orderBy: { createdAt: 'asc' },
    });
    expect(history.map((a) => [a.actorId === agent.id, a.fromValue, a.toValue])).toEqual([
      [true, null, '6/7'],
      [false, '6/7', '7/7'],
    ]);
    expect(history[1]!.data).toMatchObject({ messageId: responseId, passedAll: true });
    const events = await server.app.rt.prisma.event.findMany({ where: { entityId: ticket.id, type: 'TICKET_RESPONSE_REVIEWED' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.topic, (e.payload as { review: { passedAll: boolean } }).review.passedAll])).toEqual([
      ['tickets', false],
      ['tickets', true],
    ]);

    // No check ticked is a review too: none passed.
    const none = await server.gql(REVIEW, { messageId: responseId, passed: [] }, agentToken);
    expect(none.data?.reviewResponse.review).toMatchObject({ passed: [], passedAll: false });
  });

  it('refuses a viewer and a display token, with nothing written', async () => {
    const { responseId } = await answeredTicket();
    const display = await createDisplayToken(server, 'Office TV');
    const before = { ...(await countRows(server)), reviews: await server.app.rt.prisma.responseReview.count() };
    for (const token of [viewerToken, display]) {
      const refused = await server.gql(REVIEW, { messageId: responseId, passed: [...ALL] }, token);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.data).toBeNull();
    }
    expect({ ...(await countRows(server)), reviews: await server.app.rt.prisma.responseReview.count() }).toEqual(before);
    expect(
      (await messagesOf((await server.app.rt.prisma.ticketMessage.findUniqueOrThrow({ where: { id: responseId } })).ticketId)).find((m) => m.id === responseId)
        ?.review,
    ).toBeNull();
  });

  it('refuses the automatic acknowledgement, an inbound message, an unknown message and a check given twice, with field errors', async () => {
    const { ticket, acknowledgementId } = await answeredTicket();
    // The requester writes back: an inbound message on the ticket.
    const raw = [
      `From: Ada Lovelace <ada.${requesters}@example.com>`,
      'To: support@opsboard.example',
      `Subject: Re: [${ticket.number}]`,
      `Message-ID: <quality-reply-${ticket.number}@mail.example.com>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thanks, one more question: does it work on Safari?',
    ].join('\r\n');
    expect((await postEmail(server, raw)).status).toBe(200);
    const inbound = (await messagesOf(ticket.id)).find((m) => m.direction === 'INBOUND');
    expect(inbound).toBeDefined();
    const response = (await messagesOf(ticket.id)).find((m) => m.kind === 'RESPONSE')!;

    const before = { ...(await countRows(server)), reviews: await server.app.rt.prisma.responseReview.count() };
    const cases: [string, readonly string[], string][] = [
      [acknowledgementId, ALL, 'the automatic acknowledgement is not reviewed; review a response, user update or resolution notice'],
      [inbound!.id, ALL, 'only a response to the user is reviewed; this message is inbound'],
      ['3f1d2c4b-0000-4000-8000-000000000000', ALL, 'no message 3f1d2c4b-0000-4000-8000-000000000000'],
      ['not-an-id', ALL, 'no message "not-an-id"'],
    ];
    for (const [messageId, passed, message] of cases) {
      const refused = await server.gql(REVIEW, { messageId, passed: [...passed] as (typeof ALL)[number][] }, agentToken);
      expect(refused.errors?.[0]?.message).toBe(`messageId: ${message}`);
      expect(refused.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'messageId', message }]);
    }
    const twice = await server.gql(REVIEW, { messageId: response.id, passed: ['NEXT_STEPS', 'TIMELINE_SET', 'NEXT_STEPS'] }, agentToken);
    expect(twice.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'passed', message: 'each check at most once; NEXT_STEPS given twice' }]);
    expect({ ...(await countRows(server)), reviews: await server.app.rt.prisma.responseReview.count() }).toEqual(before);
  });

  it('refuses a check the guide does not have in GraphQL itself', async () => {
    const { responseId } = await answeredTicket();
    const refused = await server.gqlRaw(
      'mutation ($id: ID!) { reviewResponse(messageId: $id, passed: [CLEAR_AND_HELPFUL, NICE_WORDS]) { id } }',
      { id: responseId },
      agentToken,
    );
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.message).toMatch(/NICE_WORDS.*QualityCheck/);
    expect(await server.app.rt.prisma.responseReview.count({ where: { messageId: responseId } })).toBe(0);
  });
});

describe('the weekly report’s quality numbers', () => {
  // The week of Monday 9 March 2026 in New York: [9 Mar 04:00Z, 16 Mar 04:00Z).
  const WEEK_START = '2026-03-09T04:00:00.000Z';

  async function reviewedResponse(at: string, passed: readonly (typeof ALL)[number][] | null, status?: 'RESOLVED') {
    clock.set(new Date(at));
    requesters += 1;
    const ticket = await createTicket(server, { requesterEmail: `grace.${requesters}@example.com`, requesterName: 'Grace Hopper', priority: 'P3' });
    if (status) {
      // Resolving needs a triaged ticket (type, priority and owner).
      const triaged = await server.gql(
        graphql(`
          mutation ($id: ID!, $owner: ID!) {
            triageTicket(id: $id, input: { type: BUG, priority: P3, ownerId: $owner }) {
              status
            }
          }
        `),
        { id: ticket.id, owner: agent.id },
      );
      expect(triaged.errors).toBeUndefined();
    }
    const sent = await server.gql(
      RESPOND,
      { id: ticket.id, input: { body: 'Hello {{requester_name}}, here is what happens next.', ...(status ? { status } : {}) } },
      agentToken,
    );
    expect(sent.errors).toBeUndefined();
    const response = (await messagesOf(ticket.id)).find((m) => m.direction === 'OUTBOUND' && m.kind !== 'AUTO_ACKNOWLEDGEMENT')!;
    if (passed) {
      clock.set(new Date(new Date(at).getTime() + 3_600_000));
      expect((await server.gql(REVIEW, { messageId: response.id, passed: [...passed] }, agentToken)).errors).toBeUndefined();
    }
    return ticket;
  }

  it('counts the responses sent in the week that have a review and those passing all seven: 3 reviewed, 2 passed all, share 2/3', async () => {
    // In the week: all seven (twice, one a resolution notice), six, and one response nobody reviewed.
    await reviewedResponse('2026-03-09T15:00:00Z', ALL);
    await reviewedResponse('2026-03-11T18:00:00Z', SIX);
    await reviewedResponse('2026-03-13T14:00:00Z', ALL, 'RESOLVED');
    await reviewedResponse('2026-03-13T16:00:00Z', null);
    // Sent the Sunday before (reviewed in this week: the response's week counts) and the Monday after.
    const sunday = await reviewedResponse('2026-03-08T20:00:00Z', null);
    clock.set(new Date('2026-03-10T12:00:00Z'));
    const sundayResponse = (await messagesOf(sunday.id)).find((m) => m.kind === 'RESPONSE')!;
    await server.gql(REVIEW, { messageId: sundayResponse.id, passed: [...ALL] }, agentToken);
    await reviewedResponse('2026-03-16T15:00:00Z', SIX);
    // A review on the automatic acknowledgement would count nothing: it is refused (see above).

    clock.set(new Date('2026-03-17T15:00:00Z'));
    const week = (await server.gql(WEEK, { start: WEEK_START })).data!.report;
    expect(week.metrics.quality).toEqual({ reviewed: 3, passedAll: 2, share: 0.6667 });
    // The week before: the response reviewed in the first tests (ending with no check passed) and the Sunday one.
    expect(week.previous.quality).toEqual({ reviewed: 2, passedAll: 1, share: 0.5 });

    // The same numbers in the report's CSV.
    const csv = await fetch(`${server.url}/reports/export.csv?table=quality&period=WEEK&start=${encodeURIComponent(WEEK_START)}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toBe('reviewed,passed_all,passed_all_percent\r\n3,2,66.7\r\n');
  });

  it('keeps the numbers in the weekly snapshot, and counts them for a snapshot taken before reviews existed', async () => {
    // Friday 13 March, 14:00 in New York: the weekly report job stores the week so far.
    clock.set(new Date('2026-03-13T19:00:00Z'));
    expect((await runWeeklyReport(server.app.rt)).ran).toBe(true);
    const weekly = await server.app.rt.prisma.metricSnapshot.findFirstOrThrow({ where: { period: 'WEEK', periodStart: new Date(WEEK_START) } });
    expect((weekly.data as { quality: unknown }).quality).toEqual({ reviewed: 3, passedAll: 2, share: 0.6667 });

    // Monday after, 09:00: the daily check refreshes the week, complete; the report reads that snapshot.
    clock.set(new Date('2026-03-16T13:00:00Z'));
    expect((await runDailyCheck(server.app.rt)).ran).toBe(true);
    clock.set(new Date('2026-03-17T15:00:00Z'));
    const stored = await server.app.rt.prisma.metricSnapshot.findFirstOrThrow({ where: { period: 'WEEK', periodStart: new Date(WEEK_START) } });
    expect(stored.computedAt.toISOString()).toBe('2026-03-16T13:00:00.000Z');
    const fromSnapshot = (await server.gql(WEEK, { start: WEEK_START })).data!.report;
    expect(fromSnapshot).toMatchObject({ fromSnapshot: true, metrics: { quality: { reviewed: 3, passedAll: 2, share: 0.6667 } } });

    // A snapshot from before quality reviews has no quality numbers: they are counted from the reviews.
    const { quality: _dropped, ...older } = stored.data as Record<string, unknown>;
    await server.app.rt.prisma.metricSnapshot.update({ where: { id: stored.id }, data: { data: older as never } });
    const fromOlder = (await server.gql(WEEK, { start: WEEK_START })).data!.report;
    expect(fromOlder).toMatchObject({ fromSnapshot: true, metrics: { quality: { reviewed: 3, passedAll: 2, share: 0.6667 } } });
  });
});
