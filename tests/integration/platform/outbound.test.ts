// Outgoing requests reach only public addresses unless OPSBOARD_ALLOWED_TARGETS allows them:
// health checks, webhooks, chat and SMTP aimed at this machine or the cloud's metadata address are
// refused with the reason — when saved if the URL names the address, when sent if a name resolves
// to it — and nothing reaches the local receivers. Host names resolve through a made-up DNS.
import { runHealthChecks } from '@opsboard/server/healthchecks/service.ts';
import { deliverNotifications } from '@opsboard/server/notifications/jobs.ts';
import { enqueueNotifications } from '@opsboard/server/notifications/service.ts';
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { transact } from '@opsboard/server/platform/db.ts';
import type { ResolveHost } from '@opsboard/server/platform/outbound.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Endpoint } from '../../support/factories/healthchecks.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { graphql } from '../../support/graphql.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../../support/receivers.ts';
import { startServer, type TestServer } from '../../support/server.ts';

const clock = new ManualClock('2026-03-02T14:00:00Z');
const HINT = 'allow it with OPSBOARD_ALLOWED_TARGETS';

const DNS: Record<string, string> = {
  'status.svc.test': '127.0.0.1',
  'metadata.svc.test': '169.254.169.254',
  'hooks.svc.test': '127.0.0.1',
  'mail.svc.test': '127.0.0.1',
};
const resolveHost: ResolveHost = async (host) => {
  const address = DNS[host];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};

const endpoint = new Endpoint();
let http: HttpReceiver;
let smtp: SmtpReceiver;
let closed: TestServer;
let open: TestServer;
const at = (url: string, host: string) => url.replace('127.0.0.1', host);

beforeAll(async () => {
  await endpoint.start();
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver();
  const env = (allowed: string) => ({
    OPSBOARD_ALLOWED_TARGETS: allowed,
    SMTP_URL: at(smtp.url, 'mail.svc.test'),
    OPSBOARD_NOTIFY_MAX_ATTEMPTS: '3',
    OPSBOARD_NOTIFY_TIMEOUT_MS: '2000',
  });
  closed = await startServer({ clock, resolveHost, env: env('') });
  open = await startServer({ clock, resolveHost, env: env('127.0.0.1,mail.svc.test') });
});
afterAll(async () => {
  await closed?.stop();
  await open?.stop();
  await endpoint.stop();
  await http?.close();
  await smtp?.close();
});

const CREATE_CHECK = graphql(`
  mutation ($input: CreateHealthCheckInput!) {
    createHealthCheck(input: $input) {
      id
      status
      lastError
    }
  }
`);
const check = (server: TestServer, name: string, url: string) =>
  server.gql(CREATE_CHECK, { input: { name, url, intervalSeconds: 10, failuresBeforeIncident: 3, timeoutMs: 1000 } });

const CREATE_SUBSCRIPTION = graphql(`
  mutation ($input: WebhookSubscriptionInput!) {
    createWebhookSubscription(input: $input) {
      id
    }
  }
`);
const subscribe = (server: TestServer, url: string) =>
  server.gql(CREATE_SUBSCRIPTION, { input: { url, secret: 'a-long-shared-secret-for-tests', eventTypes: ['TICKET_CREATED'] } });

describe('health checks', () => {
  it('refuses a URL naming a loopback or metadata address when it is saved', async () => {
    for (const [url, reason] of [
      [endpoint.url, `refused: 127.0.0.1 is a loopback address; ${HINT}`],
      ['http://169.254.169.254/latest/meta-data/', `refused: 169.254.169.254 is a link-local/metadata address; ${HINT}`],
      ['http://[::ffff:169.254.169.254]/', `refused: ::ffff:a9fe:a9fe (169.254.169.254) is a link-local/metadata address; ${HINT}`],
      ['http://localhost:9/', `refused: localhost (127.0.0.1) is a loopback address; ${HINT}`],
    ] as const) {
      const result = await check(closed, `Refused ${url}`, url);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'input.url', message: reason }] });
    }
    expect(await closed.app.rt.prisma.healthCheck.count()).toBe(0);
  });

  it('records why a probe was refused when the name resolves to a blocked address, and sends nothing', async () => {
    const hits = await countHits(async () => {
      const local = await check(closed, 'Status API', at(endpoint.url, 'status.svc.test'));
      expect(local.data?.createHealthCheck).toMatchObject({
        status: 'DOWN',
        lastError: `refused: status.svc.test (127.0.0.1) is a loopback address; ${HINT}`,
      });
      const metadata = await check(closed, 'Metadata', 'http://metadata.svc.test/latest/meta-data/');
      expect(metadata.data?.createHealthCheck).toMatchObject({
        status: 'DOWN',
        lastError: `refused: metadata.svc.test (169.254.169.254) is a link-local/metadata address; ${HINT}`,
      });
    });
    expect(hits).toBe(0);
  });

  it('refuses at probe time a literal address saved before it was refused', async () => {
    const now = clock.now();
    const row = await closed.app.rt.prisma.healthCheck.create({
      data: {
        name: 'Saved earlier',
        url: 'http://169.254.169.254/',
        intervalSeconds: 10,
        failuresBeforeIncident: 3,
        timeoutMs: 1000,
        expectedStatus: 200,
        nextCheckAt: now,
        createdAt: now,
        updatedAt: now,
      },
    });
    await runHealthChecks(closed.app.rt);
    expect(await closed.app.rt.prisma.healthCheck.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'DOWN',
      lastError: `refused: 169.254.169.254 is a link-local/metadata address; ${HINT}`,
    });
  });

  it('reaches an allowed address', async () => {
    const hits = await countHits(async () => {
      expect((await check(open, 'Local', endpoint.url)).data?.createHealthCheck).toMatchObject({ status: 'UP', lastError: null });
      expect((await check(open, 'Local by name', at(endpoint.url, 'status.svc.test'))).data?.createHealthCheck).toMatchObject({ status: 'UP' });
    });
    expect(hits).toBe(2);
  });
});

describe('webhooks, chat and e-mail', () => {
  it('refuses a webhook subscription to a loopback address when it is saved', async () => {
    const result = await subscribe(closed, http.url);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      fieldErrors: [{ field: 'input.url', message: `refused: 127.0.0.1 is a loopback address; ${HINT}` }],
    });
  });

  it('fails each delivery to a name that resolves to a blocked address, saying why in the attempt log', async () => {
    http.requests.length = 0;
    smtp.mails.length = 0;
    expect((await subscribe(closed, at(http.url, 'hooks.svc.test'))).errors).toBeUndefined();
    await createTicket(closed, { title: 'Webhook me' });
    await transact(closed.app.rt, (tx) =>
      enqueueNotifications(tx, clock.now(), [
        { idempotencyKey: 'ssrf-chat', channel: 'CHAT', recipient: at(http.url, 'hooks.svc.test'), template: 'test', body: 'hello' },
        { idempotencyKey: 'ssrf-mail', channel: 'EMAIL', recipient: 'ada@example.com', template: 'test', subject: 'Hi', body: 'hello' },
      ]),
    );
    const sent = await deliverNotifications(closed.app.rt, closed.app.outbound);
    expect(sent.delivered).toBe(0);

    const byChannel = async (channel: 'WEBHOOK' | 'CHAT' | 'EMAIL') =>
      closed.app.rt.prisma.notification.findFirstOrThrow({
        where: { channel, recipient: { not: { endsWith: '@opsboard.example' } } },
        include: { deliveryAttempts: true },
      });
    for (const [channel, reason] of [
      ['WEBHOOK', `refused: hooks.svc.test (127.0.0.1) is a loopback address; ${HINT}`],
      ['CHAT', `refused: hooks.svc.test (127.0.0.1) is a loopback address; ${HINT}`],
      ['EMAIL', `refused: mail.svc.test (127.0.0.1) is a loopback address; ${HINT}`],
    ] as const) {
      const n = await byChannel(channel);
      expect(n).toMatchObject({ status: 'FAILED', lastError: reason });
      expect(n.deliveryAttempts).toMatchObject([{ ok: false, error: reason }]);
    }
    expect(http.requests).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
  });

  it('delivers to allowed addresses and names', async () => {
    http.requests.length = 0;
    smtp.mails.length = 0;
    expect((await subscribe(open, http.url)).errors).toBeUndefined();
    expect((await subscribe(open, at(http.url, 'hooks.svc.test'))).errors).toBeUndefined();
    await createTicket(open, { title: 'Webhook me' });
    await transact(open.app.rt, (tx) =>
      enqueueNotifications(tx, clock.now(), [
        { idempotencyKey: 'ok-mail', channel: 'EMAIL', recipient: 'ada@example.com', template: 'test', subject: 'Hi', body: 'hello' },
      ]),
    );
    const sent = await deliverNotifications(open.app.rt, open.app.outbound);
    expect(sent).toMatchObject({ failed: 0, dead: 0 });
    expect(http.requests).toHaveLength(2);
    expect(smtp.mails.map((m) => m.subject)).toContain('Hi');
  });
});

/** How many requests the local endpoint received while `work` ran. */
async function countHits(work: () => Promise<void>): Promise<number> {
  const before = endpoint.hits;
  await work();
  return endpoint.hits - before;
}
