// The support mailbox over IMAP against a real Dovecot: a message delivered into the mailbox becomes a
// ticket (through IMAP IDLE, the poll is a minute away), a reply threads onto it, a message without a
// From is flagged and the watcher goes on, a restart and a second instance make no duplicate, and
// processed messages are marked \Seen or moved to IMAP_PROCESSED_FOLDER. Skipped when Dovecot is not
// installed (Debian: dovecot-imapd).
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { type Dovecot, dovecotBinary, startDovecot } from '../../support/dovecot.ts';
import { crlf } from '../../support/factories/intake.ts';
import { graphql } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';

const METRICS_TOKEN = 'imap-test-metrics-token';
const FAILED = '$OpsboardFailed';

if (!dovecotBinary) console.warn('IMAP tests skipped: dovecot is not installed (apt-get install -y --no-install-recommends dovecot-imapd)');

const EMAIL_TICKETS = graphql(`
  query ImapEmailTickets {
    tickets(filter: { channel: EMAIL }, first: 50) {
      totalCount
      edges {
        node {
          id
          number
          title
          channel
          messages {
            direction
            kind
            body
          }
        }
      }
    }
  }
`);

interface Mail {
  id: string;
  subject?: string;
  from?: string | null;
  inReplyTo?: string;
  body: string;
}

/** A message as a mail client writes it (From left out with `from: null`). */
function mail({ id, subject, from = 'Dana Reyes <dana@customer.example>', inReplyTo, body }: Mail): string {
  return crlf(
    [
      ...(from ? [`From: ${from}`] : []),
      'To: support@opsboard.test',
      `Subject: ${subject ?? 'Question'}`,
      `Message-ID: <${id}>`,
      ...(inReplyTo ? [`In-Reply-To: <${inReplyTo}>`, `References: <${inReplyTo}>`] : []),
      'Date: Fri, 04 Dec 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\n'),
  );
}

async function emailTickets(server: TestServer) {
  const result = await server.gql(EMAIL_TICKETS);
  expect(result.errors).toBeUndefined();
  return { total: result.data!.tickets.totalCount, tickets: result.data!.tickets.edges.map((e) => e.node) };
}

/** Asks `read` again every 50 ms until `done` holds; fails with the last value after `ms`. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

async function health(server: TestServer): Promise<{ imap?: string }> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as { imap?: string };
}

/** The flags of the message with this Message-ID in `mailbox`, or null when it is not there. */
async function flagsOf(dovecot: Dovecot, id: string, mailbox = 'INBOX'): Promise<string[] | null> {
  const imap = await dovecot.client();
  try {
    await imap.mailboxOpen(mailbox);
    const [uid] = (await imap.search({ header: { 'message-id': id } }, { uid: true })) || [];
    if (uid === undefined) return null;
    const message = await imap.fetchOne(String(uid), { flags: true }, { uid: true });
    return message ? [...(message.flags ?? [])].sort() : null;
  } finally {
    await imap.logout();
  }
}

async function setUnseen(dovecot: Dovecot, id: string): Promise<void> {
  const imap = await dovecot.client();
  try {
    await imap.mailboxOpen('INBOX');
    const uids = (await imap.search({ header: { 'message-id': id } }, { uid: true })) || [];
    expect(uids).toHaveLength(1);
    await imap.messageFlagsRemove(uids, ['\\Seen'], { uid: true });
  } finally {
    await imap.logout();
  }
}

async function metric(server: TestServer, outcome: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`opsboard_imap_messages_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe.skipIf(!dovecotBinary)('the support mailbox over IMAP', () => {
  let dovecot: Dovecot;
  let db: TestDatabase;
  let server: TestServer;
  let serverStopped = false;
  const logLines: { level: number; msg: string; reason?: string }[] = [];
  const env = (dovecot: Dovecot) => ({ IMAP_URL: dovecot.url(), IMAP_POLL_SECONDS: '60', OPSBOARD_METRICS_TOKEN: METRICS_TOKEN });
  const first = `first-${randomUUID()}@customer.example`;

  beforeAll(async () => {
    dovecot = await startDovecot();
    db = await createTestDatabase();
    const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line) as (typeof logLines)[number]) });
    server = await startServer({ db, log, env: env(dovecot) });
    await waitFor(
      () => health(server),
      (h) => h.imap === 'watching',
      10_000,
    );
  }, 120_000);
  afterAll(async () => {
    if (!serverStopped) await server?.stop();
    await db?.drop();
    await dovecot?.stop();
  });

  it('turns a message delivered into the mailbox into a ticket within 5 s (IMAP IDLE; the poll is 60 s away) and marks it \\Seen', async () => {
    expect(await emailTickets(server)).toMatchObject({ total: 0 });
    const started = Date.now();
    await dovecot.deliver(mail({ id: first, subject: 'Export to PDF fails', body: 'Every PDF export ends with an error since this morning.' }));
    const { tickets } = await waitFor(
      () => emailTickets(server),
      (r) => r.total === 1,
    );
    const latency = Date.now() - started;
    console.info(`IMAP: delivered → ticket in ${latency} ms`);
    expect(latency).toBeLessThan(5_000);
    expect(tickets[0]).toMatchObject({ title: 'Export to PDF fails', channel: 'EMAIL' });
    const flags = await waitFor(
      () => flagsOf(dovecot, first),
      (f) => !!f?.includes('\\Seen'),
    );
    expect(flags).not.toContain(FAILED);
    expect(await metric(server, 'created')).toBe(1);
  });

  it('threads a reply (In-Reply-To the first Message-ID) onto the same ticket', async () => {
    const reply = `reply-${randomUUID()}@customer.example`;
    await dovecot.deliver(mail({ id: reply, subject: 'Re: Export to PDF fails', inReplyTo: first, body: 'It also fails for CSV now.' }));
    const { total, tickets } = await waitFor(
      () => emailTickets(server),
      (r) => r.tickets[0]?.messages.some((m) => m.body.includes('also fails for CSV')) ?? false,
    );
    expect(total).toBe(1);
    // Both arrive at the same moment of the test clock: compared without their order.
    const inbound = tickets[0]!.messages.filter((m) => m.direction === 'INBOUND' && m.kind === 'MESSAGE').map((m) => m.body);
    expect(inbound.sort()).toEqual(['Every PDF export ends with an error since this morning.', 'It also fails for CSV now.']);
    expect(await flagsOf(dovecot, reply)).toContain('\\Seen');
    expect(await metric(server, 'message')).toBe(1);
  });

  it('flags a message without a From, logs why, and goes on with the next message', async () => {
    const bad = `bad-${randomUUID()}@customer.example`;
    const next = `next-${randomUUID()}@customer.example`;
    await dovecot.deliver(mail({ id: bad, from: null, subject: 'Nobody sent this', body: 'No sender.' }));
    await dovecot.deliver(mail({ id: next, subject: 'Login page is slow', body: 'Takes 20 seconds to sign in.' }));
    const { total, tickets } = await waitFor(
      () => emailTickets(server),
      (r) => r.tickets.some((t) => t.title === 'Login page is slow'),
    );
    expect(total).toBe(2);
    expect(tickets.map((t) => t.title)).not.toContain('Nobody sent this');
    const flags = await flagsOf(dovecot, bad);
    expect(flags).toContain(FAILED);
    expect(flags).toContain('\\Flagged');
    expect(flags).not.toContain('\\Seen');
    const warning = logLines.find((l) => l.msg.includes(FAILED));
    expect(warning?.msg).toMatch(/no valid From address/);
    expect(await metric(server, 'failed')).toBe(1);
    // Searched again (a poll, a new message), the flagged message is not taken again.
    await server.app.imap!.sweep();
    expect(await metric(server, 'failed')).toBe(1);
    expect(logLines.filter((l) => l.msg.includes(FAILED))).toHaveLength(1);
  });

  it('after a restart takes what arrived meanwhile, and a message taken before but not yet marked makes no second ticket', async () => {
    const whileDown = `down-${randomUUID()}@customer.example`;
    await server.restart(async () => {
      // As if the server had stopped after the ticket's commit and before marking the message.
      await setUnseen(dovecot, first);
      await dovecot.deliver(mail({ id: whileDown, subject: 'Invoices missing', body: 'November invoices are not in the portal.' }));
    });
    const { total, tickets } = await waitFor(
      () => emailTickets(server),
      (r) => r.tickets.some((t) => t.title === 'Invoices missing'),
      10_000,
    );
    expect(total).toBe(3);
    expect(tickets.filter((t) => t.title === 'Export to PDF fails')).toHaveLength(1);
    await waitFor(
      () => flagsOf(dovecot, first),
      (f) => !!f?.includes('\\Seen'),
    );
    expect(await server.app.rt.prisma.inboundDelivery.count({ where: { source: 'EMAIL', deliveryId: `<${first}>` } })).toBe(1);
    expect((await emailTickets(server)).total).toBe(3);
  });

  it('with IMAP_PROCESSED_FOLDER moves each processed message there', async () => {
    const setup = await dovecot.client();
    await setup.mailboxCreate('Support');
    await setup.logout();
    const other = await startServer({ env: { ...env(dovecot), IMAP_URL: dovecot.url('Support'), IMAP_PROCESSED_FOLDER: 'Processed' } });
    try {
      await waitFor(
        () => health(other),
        (h) => h.imap === 'watching',
        10_000,
      );
      const id = `moved-${randomUUID()}@customer.example`;
      await dovecot.deliver(mail({ id, subject: 'Password reset mail never arrives', body: 'Tried three times.' }), 'Support');
      await waitFor(
        () => emailTickets(other),
        (r) => r.total === 1,
      );
      const moved = await waitFor(
        () => flagsOf(dovecot, id, 'Processed'),
        (f) => f !== null,
      );
      expect(moved).toContain('\\Seen');
      expect(await flagsOf(dovecot, id, 'Support')).toBeNull();
    } finally {
      await other.stop();
    }
  });

  it('does not connect to a mail server on a loopback address unless OPSBOARD_ALLOWED_TARGETS allows it', async () => {
    const setup = await dovecot.client();
    await setup.mailboxCreate('Guarded');
    await setup.logout();
    const id = `guarded-${randomUUID()}@customer.example`;
    await dovecot.deliver(mail({ id, subject: 'Should stay in the mailbox', body: 'Nobody may fetch this.' }), 'Guarded');
    const lines: { msg: string; err?: { message?: string } }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
    const guarded = await startServer({ log, env: { ...env(dovecot), IMAP_URL: dovecot.url('Guarded'), OPSBOARD_ALLOWED_TARGETS: '' } });
    try {
      await waitFor(
        () => health(guarded),
        (h) => h.imap === 'retrying',
        10_000,
      );
      const refused = lines.find((l) => l.msg === 'imap mailbox unavailable');
      expect(refused?.err?.message).toBe('refused: 127.0.0.1 is a loopback address; allow it with OPSBOARD_ALLOWED_TARGETS');
      expect((await emailTickets(guarded)).total).toBe(0);
      const flags = await flagsOf(dovecot, id, 'Guarded');
      expect(flags).not.toBeNull();
      expect(flags).not.toContain('\\Seen');
      expect(flags).not.toContain(FAILED);
    } finally {
      await guarded.stop();
    }
  });

  describe.skipIf(!process.env.OPSBOARD_TEST_POSTGRES_URL)('with two instances on one PostgreSQL database', () => {
    it('only one watches; the other stands by, makes no duplicate, and takes over when the first stops', async () => {
      const second = await startServer({ db, env: env(dovecot) });
      try {
        await waitFor(
          () => health(second),
          (h) => h.imap === 'standby',
          10_000,
        );
        expect((await health(server)).imap).toBe('watching');
        const id = `both-${randomUUID()}@customer.example`;
        await dovecot.deliver(mail({ id, subject: 'Dashboard shows no data', body: 'Empty since the update.' }));
        await waitFor(
          () => emailTickets(server),
          (r) => r.total === 4,
        );
        // A search on the standby instance takes nothing.
        await second.app.imap!.sweep();
        expect((await emailTickets(second)).total).toBe(4);

        await server.stop();
        serverStopped = true;
        await waitFor(
          () => health(second),
          (h) => h.imap === 'watching',
          15_000,
        );
        const later = `later-${randomUUID()}@customer.example`;
        await dovecot.deliver(mail({ id: later, subject: 'Report export times out', body: 'The monthly report export times out.' }));
        const { total, tickets } = await waitFor(
          () => emailTickets(second),
          (r) => r.total === 5,
        );
        expect(tickets.filter((t) => t.title === 'Dashboard shows no data')).toHaveLength(1);
        expect(total).toBe(5);
      } finally {
        await second.stop();
      }
    }, 40_000);
  });
});
