// The outbox delivers for real: SMTP to a local mail server, chat and signed webhooks to a local
// HTTP receiver, with retries and backoff, a dead letter after the limit, and no double send.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { deliverNotifications } from '@opsboard/server/notifications/jobs.ts';
import { transact } from '@opsboard/server/platform/db.ts';
import { enqueueNotifications, type NewNotification } from '@opsboard/server/notifications/service.ts';
import { notifyUsers } from '@opsboard/server/notifications/preferences.ts';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEmail } from '../../support/factories/intake.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../../support/receivers.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

const clock = new ManualClock('2026-03-02T14:00:00Z');
let server: TestServer;
let smtp: SmtpReceiver;
let http: HttpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  http = await startHttpReceiver();
  server = await startServer({
    clock,
    env: {
      SMTP_URL: smtp.url,
      CHAT_WEBHOOK_URL: http.url,
      OPSBOARD_NOTIFY_MAX_ATTEMPTS: '3',
      // Long enough for the local SMTP server to parse a mail on a busy machine; the hung chat receiver waits it out.
      OPSBOARD_NOTIFY_TIMEOUT_MS: '2000',
      OPSBOARD_MAIL_FROM: 'Support <support@opsboard.example>',
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  await http?.close();
});

/** Queues notifications the way a domain change does: inside its transaction. */
async function queue(...notifications: NewNotification[]) {
  await transact(server.app.rt, (tx) => enqueueNotifications(tx, clock.now(), notifications));
}

const outbox = () =>
  server.gql(
    graphql(`
      {
        notifications {
          id
          template
          status
          attempts
          lastError
          deliveryAttempts {
            ok
          }
        }
      }
    `),
  );

describe('e-mail', () => {
  it('acknowledges an e-mailed request over SMTP, threaded both ways and tagged with the ticket', async () => {
    const original = [
      'From: Ada Lovelace <ada@example.com>',
      'To: support@opsboard.example',
      'Subject: Results page does not load',
      'Message-ID: <original-123@mail.example.com>',
      'Date: Mon, 02 Mar 2026 14:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The results page spins forever since this morning.',
    ].join('\r\n');
    const intake = await postEmail(server, original);
    expect(intake.status).toBeLessThan(300);
    const ticket = await server.app.rt.prisma.ticket.findFirstOrThrow({ where: { requester: { email: 'ada@example.com' } }, orderBy: { createdAt: 'desc' } });
    const number = `PM-${ticket.number}`;

    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toMatchObject({ delivered: 1, failed: 0, dead: 0 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.subject).toContain(`[${number}]`);
    expect(mail.text).toContain(number);
    expect(mail.html).toContain(number);
    expect(mail.inReplyTo).toBe('<original-123@mail.example.com>');
    expect(mail.references).toBe('<original-123@mail.example.com>');
    expect(mail.from?.value).toEqual([{ name: 'Support', address: 'support@opsboard.example' }]);
    const sent = (await outbox()).data!.notifications.find((n) => n.template === 'auto_acknowledgement');
    expect(sent).toMatchObject({ status: 'DELIVERED', attempts: 1, deliveryAttempts: [{ ok: true }] });

    // The requester answers our mail: it lands on the same ticket.
    const answer = [
      'From: Ada Lovelace <ada@example.com>',
      'To: support@opsboard.example',
      `Subject: Re: ${mail.subject}`,
      'Message-ID: <answer-456@mail.example.com>',
      `In-Reply-To: ${mail.messageId}`,
      `References: <original-123@mail.example.com> ${mail.messageId}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'It happens in Firefox too.',
    ].join('\r\n');
    const replied = await postEmail(server, answer);
    expect(replied.status).toBeLessThan(300);
    const messages = await server.app.rt.prisma.ticketMessage.findMany({ where: { ticketId: ticket.id, direction: 'INBOUND' }, orderBy: { createdAt: 'asc' } });
    expect(messages.map((m) => m.body.trim())).toEqual(['The results page spins forever since this morning.', 'It happens in Firefox too.']);
    expect(await server.app.rt.prisma.ticket.count({ where: { requester: { email: 'ada@example.com' } } })).toBe(1);
  });
});

describe('chat', () => {
  it('retries a failing receiver with exponential backoff, then gives up after the limit', async () => {
    http.requests.length = 0;
    http.answers.push(500, 'hang', 503);
    await queue({
      idempotencyKey: 'p0-chat',
      channel: 'CHAT',
      recipient: 'default',
      template: 'p0_alert',
      subject: 'P0',
      body: '<!channel> P0: production site returning 500 errors',
    });

    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    // Not due yet: the first retry waits 30 s.
    clock.advance(29_000);
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    clock.advance(1_000);
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 0, failed: 1, dead: 0 }); // timed out
    clock.advance(59_000);
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    clock.advance(1_000);
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 1 });

    expect(http.requests.map((r) => JSON.parse(r.body))).toEqual(Array(3).fill({ text: '*P0*\n<!channel> P0: production site returning 500 errors' }));
    const dead = (await outbox()).data!.notifications.find((n) => n.template === 'p0_alert');
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 3, lastError: 'HTTP 503 from ' + new URL(http.url).host });
    expect(dead!.deliveryAttempts.map((a) => a.ok)).toEqual([false, false, false]);
  });
});

describe('outgoing webhooks', () => {
  const secret = 'a-long-shared-secret-for-tests';
  const CREATE = graphql(`
    mutation ($input: WebhookSubscriptionInput!) {
      createWebhookSubscription(input: $input) {
        id
        active
        eventTypes
      }
    }
  `);

  it('signs each matching event and survives a restart in the middle of a retry without sending twice', async () => {
    http.requests.length = 0;
    const created = await server.gql(CREATE, { input: { url: http.url, secret, eventTypes: ['TICKET_CREATED'] } });
    expect(created.data?.createWebhookSubscription).toMatchObject({ active: true, eventTypes: ['TICKET_CREATED'] });

    http.answers.push(500);
    const ticket = await createTicket(server, { title: 'Webhook me' });
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 0, failed: 1, dead: 0 });

    await server.restart();
    clock.advance(30_000);
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 0 });

    expect(http.requests).toHaveLength(2);
    const [first, second] = http.requests as [(typeof http.requests)[0], (typeof http.requests)[0]];
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    const event = new Webhook(secret, { format: 'raw' }).verify(second.body, second.headers as Record<string, string>) as {
      type: string;
      entityId: string;
      payload: { ticket: { number: string } };
    };
    expect(event).toMatchObject({ type: 'TICKET_CREATED', entityId: ticket.id, payload: { ticket: { number: ticket.number } } });
    expect(() => new Webhook('some-other-secret-entirely', { format: 'raw' }).verify(second.body, second.headers as Record<string, string>)).toThrow();
  });

  it('disables a subscriber that keeps failing and tells the admins', async () => {
    const receiver = await startHttpReceiver();
    try {
      const created = await server.gql(CREATE, { input: { url: receiver.url, secret, eventTypes: ['*'] } });
      receiver.answers.push(...Array(20).fill(500));
      for (let i = 0; i < 3; i++) await createTicket(server, { title: `Failing delivery ${i}` });
      for (let round = 0; round < 3; round++) {
        await deliverNotifications(server.app.rt, server.app.outbound);
        clock.advance(3_600_000);
      }
      const subs = await server.gql(
        graphql(`
          {
            webhookSubscriptions {
              id
              active
              failureCount
            }
          }
        `),
      );
      expect(subs.data!.webhookSubscriptions.find((s) => s.id === created.data!.createWebhookSubscription.id)).toMatchObject({
        active: false,
        failureCount: 3,
      });
      const told = await server.app.rt.prisma.notification.findMany({ where: { template: 'webhook_disabled' } });
      expect(told.map((n) => n.recipient)).toEqual(['admin@opsboard.example']);
    } finally {
      await receiver.close();
    }
  });

  it('refuses a bad subscription with clear errors and writes nothing', async () => {
    const before = await server.app.rt.prisma.webhookSubscription.count();
    const result = await server.gql(CREATE, { input: { url: 'ftp://example.com/x', secret: 'short', eventTypes: ['ticket created'] } });
    expect(result.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.url', message: 'must be an http(s) URL' },
      { field: 'input.secret', message: 'must be at least 16 characters' },
      { field: 'input.eventTypes.0', message: 'must be an event type such as TICKET_CREATED, or *' },
    ]);
    expect(await server.app.rt.prisma.webhookSubscription.count()).toBe(before);
  });
});

describe('bad configuration', () => {
  it('never blocks the change that caused a notification when SMTP is unreachable', async () => {
    const broken = await startServer({ clock, env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
    try {
      const ticket = await createTicket(broken, { title: 'Still created' });
      await transact(broken.app.rt, (tx) =>
        enqueueNotifications(tx, clock.now(), [
          { idempotencyKey: 'x', channel: 'EMAIL', recipient: 'ada@example.com', template: 't', subject: 's', body: 'b', ticketId: ticket.id },
        ]),
      );
      expect(await deliverNotifications(broken.app.rt, broken.app.outbound)).toEqual({ delivered: 0, failed: 1, dead: 0 });
      const row = await broken.app.rt.prisma.notification.findUniqueOrThrow({ where: { idempotencyKey: 'x' } });
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await broken.stop();
    }
  });
});

describe('preferences and quiet hours', () => {
  it('holds non-urgent messages through quiet hours, sends urgent ones at once, and skips muted channels', async () => {
    const set = await server.gql(
      graphql(`
        mutation {
          setQuietHours(start: "22:00", end: "07:00") {
            start
            end
            timeZone
          }
        }
      `),
    );
    expect(set.data?.setQuietHours).toEqual({ start: '22:00', end: '07:00', timeZone: 'America/New_York' });
    const mute = await server.gql(
      graphql(`
        mutation {
          setNotificationPreference(eventType: "ESCALATION", channel: CHAT, enabled: false) {
            eventType
            channel
            enabled
          }
        }
      `),
    );
    expect(mute.data?.setNotificationPreference).toEqual({ eventType: 'ESCALATION', channel: 'CHAT', enabled: false });

    // 23:30 in New York (UTC-5 in January).
    clock.set('2026-01-15T04:30:00Z');
    const admin = await server.app.rt.prisma.user.findUniqueOrThrow({ where: { email: 'admin@opsboard.example' } });
    const message = { eventType: 'ESCALATION', template: 'escalation', subject: 'ESCALATION: P2', body: 'Needs L2' };
    await transact(server.app.rt, async (tx) => {
      await notifyUsers(tx, clock.now(), [admin], { ...message, channel: 'EMAIL', urgent: false, key: 'esc-p2' });
      await notifyUsers(tx, clock.now(), [admin], { ...message, channel: 'EMAIL', urgent: true, key: 'esc-p0' });
      await notifyUsers(tx, clock.now(), [admin], { ...message, channel: 'CHAT', urgent: true, key: 'esc-chat' });
    });
    const rows = await server.app.rt.prisma.notification.findMany({ where: { idempotencyKey: { startsWith: 'esc-' } }, orderBy: { idempotencyKey: 'asc' } });
    expect(rows.map((r) => [r.idempotencyKey, r.channel, r.nextAttemptAt.toISOString()])).toEqual([
      [`esc-p0:${admin.id}`, 'EMAIL', '2026-01-15T04:30:00.000Z'],
      [`esc-p2:${admin.id}`, 'EMAIL', '2026-01-15T12:00:00.000Z'],
    ]);
  });

  it('refuses malformed quiet hours', async () => {
    const bad = await server.gql(
      graphql(`
        mutation {
          setQuietHours(start: "25:00", end: null) {
            start
          }
        }
      `),
    );
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.start', message: 'must be a time like 22:00' },
      { field: 'input.end', message: 'give both start and end, or neither' },
    ]);
  });
});
