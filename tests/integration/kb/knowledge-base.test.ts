// The knowledge base through GraphQL and the public FAQ: an issue seen more than 3 times becomes a
// candidate, an article is written from its tickets, published, and sent as an answer.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

const clock = new ManualClock('2026-03-02T14:00:00Z');
let server: TestServer;
const csv: { id: string; number: string }[] = [];

beforeAll(async () => {
  server = await startServer({ clock });
  for (let i = 0; i < 4; i++) {
    csv.push(
      await createTicket(server, { title: `How do I export invoices to CSV?${i ? ' (again)' : ''}`, type: 'QUESTION', requesterEmail: `user${i}@example.com` }),
    );
    clock.advance(3_600_000);
  }
  // Three of another issue: not more than 3, no candidate.
  for (let i = 0; i < 3; i++) await createTicket(server, { title: 'Dark mode please', type: 'FEATURE_REQUEST' });
  await server.gql(
    graphql(`
      mutation ($id: ID!, $input: RespondInput!) {
        respondToTicket(id: $id, input: $input) {
          id
        }
      }
    `),
    {
      id: csv[0]!.id,
      input: { body: 'Open Billing, choose Invoices, then Export → CSV.' },
    },
  );
});
afterAll(async () => server?.stop());

const CANDIDATES = graphql(`
  {
    kbCandidates {
      key
      label
      count
      tickets {
        number
      }
      article {
        slug
      }
    }
  }
`);
const CREATE = graphql(`
  mutation ($input: CreateKbArticleInput!) {
    createKbArticle(input: $input) {
      id
      slug
      status
      body
      url
      tickets {
        number
      }
    }
  }
`);
const ANSWER = graphql(`
  mutation ($t: ID!, $a: ID!) {
    answerWithKbArticle(ticketId: $t, articleId: $a, status: "RESOLVED") {
      status
      messages {
        kind
        body
      }
    }
  }
`);

describe('knowledge base', () => {
  let article: { id: string; slug: string; url: string };

  it('lists issues seen more than 3 times as candidates', async () => {
    const result = await server.gql(CANDIDATES);
    expect(result.errors).toBeUndefined();
    expect(result.data?.kbCandidates).toEqual([
      { key: 'QUESTION|how export invoices', label: 'how export invoices', count: 4, tickets: csv.map((t) => ({ number: t.number })), article: null },
    ]);
  });

  it('refuses an article for unknown tickets and writes nothing', async () => {
    const before = await server.app.rt.prisma.kbArticle.count();
    const bad = await server.gql(CREATE, { input: { title: 'Export', ticketIds: ['00000000-0000-4000-8000-000000000000'] } });
    expect(bad.errors?.[0]?.message).toBe('input.ticketIds: no ticket with id 00000000-0000-4000-8000-000000000000');
    expect(await server.app.rt.prisma.kbArticle.count()).toBe(before);
  });

  it('writes a draft from the tickets, linking them; a draft cannot be sent', async () => {
    const result = await server.gql(CREATE, { input: { title: 'Exporting invoices to CSV', ticketIds: csv.map((t) => t.id) } });
    expect(result.errors).toBeUndefined();
    const created = result.data!.createKbArticle;
    expect(created).toMatchObject({ slug: 'exporting-invoices-to-csv', status: 'DRAFT', tickets: csv.map((t) => ({ number: t.number })) });
    expect(created.body).toContain('Open Billing, choose Invoices, then Export → CSV.');
    expect(created.body).toContain(`Asked in ${csv.map((t) => t.number).join(', ')}.`);
    article = created;
    expect((await server.gql(CANDIDATES)).data?.kbCandidates[0]?.article).toEqual({ slug: 'exporting-invoices-to-csv' });

    const draft = await server.gql(ANSWER, { t: csv[3]!.id, a: article.id });
    expect(draft.errors?.[0]?.message).toBe('articleId: "Exporting invoices to CSV" is a draft; publish it before sending its link');
    expect((await fetch(`${server.url}/faq/${article.slug}`)).status).toBe(404);
  });

  it('publishes to the public FAQ and answers a ticket with the link', async () => {
    expect(
      (
        await server.gql(
          graphql(`
            mutation ($id: ID!) {
              publishKbArticle(id: $id) {
                status
              }
            }
          `),
          { id: article.id },
        )
      ).data?.publishKbArticle.status,
    ).toBe('PUBLISHED');
    const index = await fetch(`${server.url}/faq`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain(`<a href="/faq/exporting-invoices-to-csv">Exporting invoices to CSV</a>`);
    const page = await (await fetch(`${server.url}/faq/exporting-invoices-to-csv`)).text();
    expect(page).toContain('<h2>The answer</h2><p>Open Billing, choose Invoices, then Export → CSV.</p>');

    // Triaged first: a ticket leaves NEW only with type, priority and owner.
    const admin = await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } });
    const triaged = await server.gql(
      graphql(`
        mutation ($id: ID!, $owner: ID!) {
          triageTicket(id: $id, input: { type: QUESTION, priority: P3, ownerId: $owner }) {
            status
          }
        }
      `),
      { id: csv[3]!.id, owner: admin.id },
    );
    expect(triaged.data?.triageTicket.status).toBe('TRIAGED');
    const answered = await server.gql(ANSWER, { t: csv[3]!.id, a: article.id });
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.answerWithKbArticle.status).toBe('RESOLVED');
    const message = answered.data!.answerWithKbArticle.messages.find((m) => m.kind === 'RESOLUTION_NOTICE')!;
    expect(message.body).toContain(
      `This article answers your question: Exporting invoices to CSV\n${server.app.rt.config.publicUrl}/faq/exporting-invoices-to-csv`,
    );
    expect(message.body).not.toContain('{{');
    const mail = await server.app.rt.prisma.notification.findFirst({ where: { ticketId: csv[3]!.id, body: { contains: '/faq/exporting-invoices-to-csv' } } });
    expect(mail?.recipient).toBe('user3@example.com');
  });
});
