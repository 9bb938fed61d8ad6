// Onboarding: the four-week checklist, items ticking themselves from real activity through the API
// (shadowed responses, templates, own first response, attended triage, process feedback), manual
// ticks, and who sees whose progress. Continuous improvement: the monthly review, action items
// linked to tickets, the feedback analysis and the monthly report hook.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { hashPassword } from '@opsboard/server/auth/service.ts';
import { runTriageAgendas } from '@opsboard/server/triage/meetings.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../support/factories/tickets.ts';
import { createPeople, type TestPerson } from '../../support/factories/people.ts';
import { login, startServer, type TestServer } from '../../support/server.ts';
import { graphql, type VariablesOf } from '../../support/graphql.ts';

const clock = new ManualClock('2026-03-02T14:00:00Z'); // Monday 09:00 in New York
let server: TestServer;
let lead: TestPerson, newbie: TestPerson, mentor: TestPerson;
const tokens = { lead: '', newbie: '', mentor: '' };

const ONBOARDING = graphql(`
  fragment Progress on Onboarding @_unmask {
    user {
      name
    }
    mentor {
      name
    }
    week
    done
    total
    items {
      key
      week
      title
      automatic
      done
      doneAt
      evidence
      source
    }
  }
`);
const PROGRESS = graphql(
  `
    query ($id: ID!) {
      onboarding(userId: $id) {
        ...Progress
      }
    }
  `,
  [ONBOARDING],
);
const progress = async (userId: string, token = tokens.lead) => {
  const r = await server.gql(PROGRESS, { id: userId }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.onboarding!;
};
const item = async (key: string) => (await progress(newbie.id)).items.find((i) => i.key === key)!;
const RESPOND = graphql(`
  mutation ($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      id
    }
  }
`);
const respond = (ticketId: string, input: VariablesOf<typeof RESPOND>['input'], token: string) => server.gql(RESPOND, { id: ticketId, input }, token);

async function withPassword(person: TestPerson): Promise<string> {
  await server.app.rt.prisma.user.update({
    where: { id: person.id },
    data: { passwordHash: await hashPassword('correct-horse-battery', server.app.rt.config.scryptCost) },
  });
  return login(server, person.email, 'correct-horse-battery');
}

beforeAll(async () => {
  server = await startServer({ clock });
  [lead] = (await createPeople(server, ['Lee Lead'], 'LEAD')) as [TestPerson];
  [newbie, mentor] = (await createPeople(server, ['Nia New', 'Max Mentor'], 'AGENT')) as [TestPerson, TestPerson];
  tokens.lead = await withPassword(lead);
  tokens.newbie = await withPassword(newbie);
  tokens.mentor = await withPassword(mentor);
});
afterAll(async () => server?.stop());

describe('onboarding', () => {
  it('gives a new member the guide’s four-week checklist (a lead starts it)', async () => {
    const refused = await server.gql(
      graphql(`
        mutation ($i: StartOnboardingInput!) {
          startOnboarding(input: $i) {
            done
          }
        }
      `),
      { i: { userId: newbie.id } },
      tokens.newbie,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const r = await server.gql(
      graphql(
        `
          mutation ($i: StartOnboardingInput!) {
            startOnboarding(input: $i) {
              ...Progress
            }
          }
        `,
        [ONBOARDING],
      ),
      { i: { userId: newbie.id, mentorId: mentor.id } },
      tokens.lead,
    );
    expect(r.errors).toBeUndefined();
    const plan = r.data!.startOnboarding;
    expect(plan).toMatchObject({ user: { name: 'Nia New' }, mentor: { name: 'Max Mentor' }, week: 1, done: 0, total: 17 });
    expect(plan.items.filter((i) => i.week === 1).map((i) => i.title)).toEqual([
      'Access to all support channels',
      'Read all documentation',
      'Shadow 5+ support interactions',
      'Review common issues',
      'Learn escalation procedures',
    ]);
    const again = await server.gql(
      graphql(`
        mutation ($i: StartOnboardingInput!) {
          startOnboarding(input: $i) {
            done
          }
        }
      `),
      { i: { userId: newbie.id } },
      tokens.lead,
    );
    expect(again.errors?.[0]?.message).toBe('input.userId: Nia New already has an onboarding plan');
  });

  it('ticks "Shadow 5+ support interactions" itself after the mentor’s fifth response', async () => {
    const tickets = [];
    for (let i = 0; i < 5; i += 1) tickets.push(await createTicket(server, { requesterEmail: `user${i}@example.com` }));
    for (const [n, ticket] of tickets.entries()) {
      clock.advance(60_000);
      expect((await respond(ticket.id, { body: `Looking into it (${n}).` }, tokens.mentor)).errors).toBeUndefined();
      const shadow = await item('w1_shadow');
      if (n < 4) expect(shadow).toMatchObject({ done: false, evidence: `${n + 1} of 5 so far` });
      else expect(shadow).toMatchObject({ done: true, source: 'AUTO', evidence: '5 responses by the mentor shadowed', doneAt: clock.now().toISOString() });
    }
  });

  it('ticks templates and the first independent response from the new member’s own responses', async () => {
    const ticket = await createTicket(server, { requesterEmail: 'asker@example.com', type: 'QUESTION' });
    expect(await item('w3_independent')).toMatchObject({ done: false });
    const triaged = await server.gql(
      graphql(`
        mutation ($id: ID!, $o: ID!) {
          triageTicket(id: $id, input: { type: QUESTION, priority: P3, ownerId: $o }) {
            owner {
              name
            }
          }
        }
      `),
      { id: ticket.id, o: newbie.id },
    );
    expect(triaged.errors).toBeUndefined();
    clock.advance(60_000);
    const sent = await respond(ticket.id, { templateKey: 'question_answer', values: { feature: 'exports', answer: 'Use the Export button.' } }, tokens.newbie);
    expect(sent.errors).toBeUndefined();
    expect(await item('w2_templates')).toMatchObject({ done: true, source: 'AUTO', evidence: 'sent a response from the question_answer template' });
    expect(await item('w3_independent')).toMatchObject({ done: true, source: 'AUTO' });
  });

  it('ticks "Participate in triage meeting" when a meeting she attended is marked done', async () => {
    clock.set('2026-03-03T14:30:00Z'); // Tuesday 09:30 EST
    expect((await runTriageAgendas(server.app.rt)).built).toEqual(['DAILY']);
    const meeting = (
      await server.gql(
        graphql(`
          {
            triageMeetings(kind: DAILY) {
              id
            }
          }
        `),
      )
    ).data!.triageMeetings[0]!;
    expect(await item('w2_triage_meeting')).toMatchObject({ done: false });
    const done = await server.gql(
      graphql(`
        mutation ($id: ID!) {
          completeTriageMeeting(id: $id) {
            status
          }
        }
      `),
      { id: meeting.id },
      tokens.newbie,
    );
    expect(done.errors).toBeUndefined();
    expect(await item('w2_triage_meeting')).toMatchObject({ done: true, source: 'AUTO', evidence: 'attended the daily triage of 2026-03-03' });
  });

  it('ticks "Provide feedback on process" from a note in the monthly review', async () => {
    const r = await server.gql(
      graphql(`
        mutation {
          addProcessReviewNote(input: { month: "2026-03", section: NOT_WORKING, body: "Handoffs at 09:00 clash with triage." }) {
            id
          }
        }
      `),
      {},
      tokens.newbie,
    );
    expect(r.errors).toBeUndefined();
    expect(await item('w3_process_feedback')).toMatchObject({ done: true, source: 'AUTO' });
  });

  it('lets the member tick manual items, refuses ticking automatic ones, and keeps others’ progress to leads', async () => {
    const tick = (key: string, token: string, userId = newbie.id) =>
      server.gql(
        graphql(`
          mutation ($i: TickOnboardingInput!) {
            tickOnboardingItem(input: $i) {
              done
            }
          }
        `),
        { i: { userId, key, done: true } },
        token,
      );
    expect((await tick('w1_read_docs', tokens.newbie)).errors).toBeUndefined();
    expect(await item('w1_read_docs')).toMatchObject({ done: true, source: 'MANUAL', evidence: 'ticked by Nia New' });
    const auto = await tick('w3_escalate', tokens.newbie);
    expect(auto.errors?.[0]?.message).toBe('input.key: "Escalate when appropriate" ticks itself from activity (an escalation you raised)');
    expect((await tick('nope', tokens.newbie)).errors?.[0]?.message).toBe('input.key: no checklist item "nope"');
    expect((await tick('w1_access', tokens.mentor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const mine = await server.gql(
      graphql(`
        query ($id: ID!) {
          onboarding(userId: $id) {
            done
          }
        }
      `),
      { id: newbie.id },
      tokens.newbie,
    );
    expect(mine.data?.onboarding?.done).toBe(6);
    expect(
      (
        await server.gql(
          graphql(`
            {
              onboardings {
                done
              }
            }
          `),
          {},
          tokens.mentor,
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const all = await server.gql(
      graphql(`
        {
          onboardings {
            user {
              name
            }
            done
            total
            week
          }
        }
      `),
      {},
      tokens.lead,
    );
    expect(all.data?.onboardings).toEqual([{ user: { name: 'Nia New' }, done: 6, total: 17, week: 1 }]);
  });
});

describe('continuous improvement', () => {
  it('keeps the monthly review’s answers with their authors', async () => {
    await server.gql(
      graphql(`
        mutation {
          addProcessReviewNote(input: { month: "2026-03", section: WORKING_WELL, body: "Templates save time." }) {
            id
          }
        }
      `),
      {},
      tokens.lead,
    );
    const r = await server.gql(
      graphql(`
        {
          processReview(month: "2026-03") {
            month
            notes {
              section
              body
              author {
                name
              }
            }
            monthlyReports {
              kind
            }
          }
        }
      `),
    );
    expect(r.data!.processReview).toEqual({
      month: '2026-03',
      notes: [
        { section: 'WORKING_WELL', body: 'Templates save time.', author: { name: 'Lee Lead' } },
        { section: 'NOT_WORKING', body: 'Handoffs at 09:00 clash with triage.', author: { name: 'Nia New' } },
      ],
      monthlyReports: [],
    });
  });

  it('creates action items with owner, due date and linked tickets, and refuses unknown tickets writing nothing', async () => {
    const ticket = await createTicket(server, { title: 'Export button hard to find', type: 'COMPLAINT' });
    const before = await server.app.rt.prisma.improvementAction.count();
    const bad = await server.gql(
      graphql(`
        mutation ($o: ID!) {
          createImprovementAction(input: { month: "2026-03", title: "Fix export", kind: UX, ownerId: $o, dueDate: "2026-03-31", tickets: ["PM-99999"] }) {
            id
          }
        }
      `),
      { o: lead.id },
    );
    expect(bad.errors?.[0]?.message).toBe('input.tickets: no ticket PM-99999');
    const badDate = await server.gql(
      graphql(`
        mutation ($o: ID!) {
          createImprovementAction(input: { title: "Fix export", kind: UX, ownerId: $o, dueDate: "2026-02-30" }) {
            id
          }
        }
      `),
      { o: lead.id },
    );
    expect(badDate.errors?.[0]?.message).toContain('input.dueDate: is not a real date');
    expect(await server.app.rt.prisma.improvementAction.count()).toBe(before);

    const ok = await server.gql(
      graphql(`
        mutation ($o: ID!, $t: String!) {
          createImprovementAction(
            input: { month: "2026-03", title: "Make export easier to find", kind: UX, ownerId: $o, dueDate: "2026-03-31", tickets: [$t] }
          ) {
            id
            title
            status
            owner {
              name
            }
            dueDate
            overdue
            tickets {
              number
            }
          }
        }
      `),
      { o: lead.id, t: ticket.number },
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createImprovementAction).toMatchObject({
      status: 'OPEN',
      owner: { name: 'Lee Lead' },
      dueDate: '2026-03-31',
      overdue: false,
      tickets: [{ number: ticket.number }],
    });
    const id = ok.data!.createImprovementAction.id;
    const done = await server.gql(
      graphql(`
        mutation ($id: ID!) {
          updateImprovementAction(id: $id, input: { status: DONE }) {
            status
            doneAt
          }
        }
      `),
      { id },
    );
    expect(done.data!.updateImprovementAction!.status).toBe('DONE');
    const review = await server.gql(
      graphql(`
        {
          processReview(month: "2026-03") {
            actions {
              title
              status
            }
          }
        }
      `),
    );
    expect(review.data!.processReview!.actions).toEqual([{ title: 'Make export easier to find', status: 'DONE' }]);
  });

  it('finds themes in the month’s CSAT comments and complaints', async () => {
    const tickets = await server.app.rt.prisma.ticket.findMany({ orderBy: { number: 'asc' }, take: 3 });
    const answers = [
      { rating: 5, comment: 'Love the quick answer, thanks!' },
      { rating: 1, comment: 'Still broken and very slow to reply.' },
      { rating: 3, comment: 'Confusing: how do I find the export? Would love a CSV export feature.' },
    ];
    for (const [i, a] of answers.entries()) {
      await server.app.rt.prisma.csatResponse.create({
        data: { ticketId: tickets[i]!.id, tokenHash: `t${i}`, rating: a.rating, comment: a.comment, answeredAt: new Date('2026-03-05T12:00:00Z') },
      });
    }
    const r = await server.gql(
      graphql(`
        {
          feedbackAnalysis(month: "2026-03") {
            responses
            averageRating
            complaints
            themes {
              key
              count
              examples {
                source
                ticketNumber
              }
            }
            keywords {
              word
              count
            }
          }
        }
      `),
    );
    expect(r.errors).toBeUndefined();
    const f = r.data!.feedbackAnalysis;
    expect(f).toMatchObject({ responses: 3, averageRating: 3, complaints: 1 });
    const count = (key: string) => f.themes.find((t) => t.key === key)!.count;
    expect([count('LOVE'), count('FRUSTRATION'), count('FEATURE_WISH'), count('CONFUSION')]).toEqual([2, 2, 1, 2]);
    expect(f.keywords).toContainEqual({ word: 'export', count: 2 });
  });

  it('shows the monthly report when the reports job has stored one (the hook)', async () => {
    await server.app.rt.prisma.metricSnapshot.create({
      data: { period: 'MONTH', periodStart: new Date('2026-03-01T05:00:00Z'), kind: 'monthly', data: { ticketsCreated: 42 } },
    });
    const r = await server.gql(
      graphql(`
        {
          processReview(month: "2026-03") {
            monthlyReports {
              kind
              data
            }
          }
        }
      `),
    );
    expect(r.data!.processReview!.monthlyReports).toEqual([{ kind: 'monthly', data: { ticketsCreated: 42 } }]);
  });
});
