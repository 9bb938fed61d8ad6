// The automatic acknowledgement of a new e-mail ticket goes only to someone who may get one: not to
// mailboxes nobody reads, not to ourselves, not in answer to bulk, list or automatic mail (RFC 3834),
// and at most 3 times an hour to one address. The ticket is made every time and its history says
// why no acknowledgement went out.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crlf, postEmail } from '../../support/factories/intake.ts';
import { startServer, type TestServer } from '../../support/server.ts';

let server: TestServer;
let clock: ManualClock;
beforeAll(async () => {
  clock = new ManualClock('2026-03-02T14:00:00Z');
  server = await startServer({ clock, env: { OPSBOARD_MAIL_FROM: 'Help desk <help@opsboard.example>' } });
});
afterAll(async () => server?.stop());

let counter = 0;
/** Mails `from` with extra header lines; the ticket it opened and what the outbox and history hold for it. */
async function mail(from: string, headers: string[] = []) {
  counter += 1;
  const raw = crlf(
    `From: ${from}\n${headers.map((h) => `${h}\n`).join('')}Subject: Problem number ${counter}\nMessage-ID: <ack-${counter}@mail.example.com>\n\nSomething broke.\n`,
  );
  const response = await postEmail(server, raw);
  expect(response.status).toBe(201);
  const body = (await response.json()) as { status: string; ticketId: string };
  expect(body.status).toBe('created');
  const { prisma } = server.app.rt;
  const acknowledgements = await prisma.notification.findMany({ where: { ticketId: body.ticketId, template: 'auto_acknowledgement' } });
  const skipped = await prisma.ticketActivity.findFirst({ where: { ticketId: body.ticketId, action: 'auto_acknowledgement_skipped' } });
  return {
    ticketId: body.ticketId,
    acknowledged: acknowledgements.length === 1,
    recipients: acknowledgements.map((n) => n.recipient),
    skippedBecause: skipped?.toValue ?? null,
  };
}

describe('automatic acknowledgements', () => {
  it('go to a person who wrote a normal mail', async () => {
    const normal = await mail('Ada Lovelace <ada@example.com>', ['Auto-Submitted: no', 'Precedence: first-class']);
    expect(normal).toMatchObject({ acknowledged: true, recipients: ['ada@example.com'], skippedBecause: null });
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'Auto-Submitted: auto-replied'],
    ['Auto-Submitted: auto-generated', 'Auto-Submitted: auto-generated'],
    ['Precedence: bulk', 'Precedence: bulk'],
    ['Precedence: list', 'Precedence: list'],
    ['Precedence: Junk', 'Precedence: junk'],
    ['List-Id: Team news <news.example.com>', 'mailing list (List-Id)'],
    ['List-Unsubscribe: <mailto:leave@example.com>', 'mailing list (List-Unsubscribe)'],
  ])('are not sent in answer to %s, though the ticket is made', async (header, reason) => {
    const result = await mail(`sender-${counter}@example.com`, [header]);
    expect(result).toMatchObject({ acknowledged: false, skippedBecause: reason });
    expect(await server.app.rt.prisma.ticket.count({ where: { id: result.ticketId } })).toBe(1);
  });

  it.each(['no-reply@vendor.example', 'noreply@vendor.example', 'NoReply+alerts@vendor.example', 'MAILER-DAEMON@mx.example', 'postmaster@mx.example'])(
    'are not sent to %s',
    async (from) => {
      expect(await mail(from)).toMatchObject({ acknowledged: false, skippedBecause: 'the sender does not take replies' });
    },
  );

  it('are not sent to our own address', async () => {
    expect(await mail('Help desk <HELP@opsboard.example>')).toMatchObject({ acknowledged: false, skippedBecause: 'the sender is this opsboard' });
  });

  it('go to one address at most 3 times an hour, and again once the hour has passed', async () => {
    const from = 'busy.person@example.com';
    const first = [];
    for (let i = 0; i < 3; i += 1) {
      first.push((await mail(from)).acknowledged);
      clock.advance(60_000);
    }
    expect(first).toEqual([true, true, true]);
    const fourth = await mail(from);
    expect(fourth).toMatchObject({ acknowledged: false, skippedBecause: '3 acknowledgements to this address within the hour' });
    // Someone else is not held up by it.
    expect((await mail('calm.person@example.com')).acknowledged).toBe(true);

    // An hour after the first acknowledgement, one is due again; the next within the hour is not.
    clock.advance(60 * 60_000 - 3 * 60_000 + 1);
    expect((await mail(from)).acknowledged).toBe(true);
    expect((await mail('Busy Person <BUSY.PERSON@example.com>')).acknowledged).toBe(false);
  });
});
