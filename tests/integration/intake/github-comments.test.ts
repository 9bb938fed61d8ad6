// A request answers on the channel it came from: a GitHub issue gets its acknowledgement, and every
// message an agent sends, as a comment on that issue through the REST API (a local receiver stands in
// for api.github.com), never as an e-mail; opsboard's own comment coming back by webhook is not the
// requester's reply. A social post gets no automatic acknowledgement; an e-mail gets one by e-mail.
import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { deliverNotifications } from '@opsboard/server/notifications/jobs.ts';
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../support/graphql.ts';
import { startHttpReceiver, type HttpReceiver } from '../../support/receivers.ts';
import { startServer, type TestServer } from '../../support/server.ts';

const SECRET = 'test-webhook-secret-0123456789';
const TOKEN = 'github_pat_test_0123456789abcdef';
const ISSUE_URL = 'https://github.com/Codertocat/Hello-World/issues/1';
const COMMENTS_PATH = '/repos/Codertocat/Hello-World/issues/1/comments';

type Example = { action: string; issue?: { html_url: string }; comment?: { id: number; body: string } };
const webhooks = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: Example[] }[];
const example = (name: string, action: string) =>
  structuredClone(webhooks.find((w) => w.name === name)!.examples.find((e) => e.action === action && e.issue?.html_url === ISSUE_URL)!);

const RESPOND = graphql(`
  mutation ($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      id
    }
  }
`);

let api: HttpReceiver;
const servers: TestServer[] = [];
async function start(env: Record<string, string>) {
  const server = await startServer({
    clock: new ManualClock('2026-03-02T14:00:00Z'),
    env: { GITHUB_WEBHOOK_SECRET: SECRET, OPSBOARD_GITHUB_REPOSITORIES: 'Codertocat/Hello-World', ...env },
  });
  servers.push(server);
  return server;
}
beforeAll(async () => {
  api = await startHttpReceiver();
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await api?.close();
});

async function github(server: TestServer, event: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${server.url}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  return (await response.json()) as { status: string; ticketId?: string; ticketNumber?: string; reason?: string };
}

const outbox = (server: TestServer, ticketId: string) =>
  server.app.rt.prisma.notification.findMany({
    where: { ticketId },
    orderBy: { createdAt: 'asc' },
    select: { channel: true, recipient: true, status: true, lastError: true },
  });

describe('with GITHUB_TOKEN', () => {
  let server: TestServer;
  let ticketId: string;
  beforeAll(async () => {
    server = await start({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: new URL(api.url).origin });
  });

  it('acknowledges a new issue with a comment on it, and sends no e-mail', async () => {
    const opened = await github(server, 'issues', example('issues', 'opened'));
    expect(opened.status).toBe('created');
    ticketId = opened.ticketId!;
    const before = api.requests.length;
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toMatchObject({ delivered: 1, failed: 0 });

    const [comment, ...more] = api.requests.slice(before);
    expect(more).toEqual([]);
    expect(comment).toMatchObject({ method: 'POST', path: COMMENTS_PATH });
    expect(comment!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' });
    const { body } = JSON.parse(comment!.body) as { body: string };
    expect(body).toContain(opened.ticketNumber);
    expect(body).toContain('4 business hours'); // the untriaged GitHub request's first-response target
    expect(body).toMatch(/<!-- opsboard -->$/);
    expect(await outbox(server, ticketId)).toEqual([
      { channel: 'GITHUB', recipient: `${new URL(api.url).origin}${COMMENTS_PATH}`, status: 'DELIVERED', lastError: null },
    ]);
    const ticket = await server.app.rt.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } });
    expect(ticket.acknowledgedAt).not.toBeNull();
  });

  it('posts an agent’s response as a comment on the issue', async () => {
    const result = await server.gql(RESPOND, { id: ticketId, input: { body: 'Thanks, we can reproduce it and are on it.' } });
    expect(result.errors).toBeUndefined();
    const before = api.requests.length;
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toMatchObject({ delivered: 1, failed: 0 });
    const [comment] = api.requests.slice(before);
    expect(comment).toMatchObject({ method: 'POST', path: COMMENTS_PATH });
    expect((JSON.parse(comment!.body) as { body: string }).body).toContain('Thanks, we can reproduce it and are on it.');
    expect((await outbox(server, ticketId)).map((n) => n.channel)).toEqual(['GITHUB', 'GITHUB']);
  });

  it('does not take its own comment, coming back by webhook, for the requester’s reply', async () => {
    const messages = () => server.app.rt.prisma.ticketMessage.count({ where: { ticketId, direction: 'INBOUND' } });
    const inbound = await messages();
    const own = example('issue_comment', 'created');
    own.comment!.id = 990_001;
    own.comment!.body = `Thanks, we can reproduce it and are on it.\n\n<!-- opsboard -->`;
    expect(await github(server, 'issue_comment', own)).toMatchObject({ status: 'ignored', reason: 'a comment opsboard posted' });
    expect(await messages()).toBe(inbound);

    const theirs = example('issue_comment', 'created');
    theirs.comment!.id = 990_002;
    theirs.comment!.body = 'It happens on Firefox too.';
    expect(await github(server, 'issue_comment', theirs)).toMatchObject({ status: 'message', ticketId });
    expect(await messages()).toBe(inbound + 1);
  });
});

describe('the GitHub API on a private address', () => {
  it('is refused unless allow-listed, and the attempt says so', async () => {
    const server = await start({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: new URL(api.url).origin, OPSBOARD_ALLOWED_TARGETS: '' });
    const before = api.requests.length;
    const opened = await github(server, 'issues', example('issues', 'opened'));
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toMatchObject({ delivered: 0 });
    expect(api.requests.length).toBe(before);
    const [attempt] = await outbox(server, opened.ticketId!);
    expect(attempt).toMatchObject({ channel: 'GITHUB', status: expect.stringMatching(/FAILED|DEAD/) });
    expect(attempt!.lastError).toMatch(/127\.0\.0\.1/);
  });
});

describe('without GITHUB_TOKEN, and other channels', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start({});
  });
  const post = (body: unknown) =>
    fetch(`${server.url}/webhooks/intake`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      async (r) => (await r.json()) as { status: string; ticketId: string },
    );

  it('a GitHub issue’s acknowledgement is recorded on the ticket, with why nothing was sent', async () => {
    const opened = await github(server, 'issues', example('issues', 'opened'));
    expect(opened.status).toBe('created');
    expect(await outbox(server, opened.ticketId!)).toEqual([]);
    const { prisma } = server.app.rt;
    expect(await prisma.ticketMessage.count({ where: { ticketId: opened.ticketId!, kind: 'AUTO_ACKNOWLEDGEMENT' } })).toBe(1);
    const why = await prisma.ticketActivity.findFirst({ where: { ticketId: opened.ticketId!, action: 'auto_acknowledgement_recorded_only' } });
    expect(why?.toValue).toBe('GitHub comments need GITHUB_TOKEN');
  });

  it('a social post gets no automatic e-mail, even with an address; the web form does', async () => {
    const social = await post({ channel: 'SOCIAL', author: 'Grace', email: 'grace@example.com', text: 'Your app logs me out every hour @opsboard' });
    expect(social.status).toBe('created');
    expect(await outbox(server, social.ticketId)).toEqual([]);
    const why = await server.app.rt.prisma.ticketActivity.findFirst({ where: { ticketId: social.ticketId, action: 'auto_acknowledgement_recorded_only' } });
    expect(why?.toValue).toBe('the auto-responder answers e-mail; a social post is answered by a person');

    const form = await post({ channel: 'WEB', author: 'Alan', email: 'alan@example.com', text: 'The export button does nothing.' });
    expect(await outbox(server, form.ticketId)).toEqual([{ channel: 'EMAIL', recipient: 'alan@example.com', status: 'PENDING', lastError: null }]);
  });
});
