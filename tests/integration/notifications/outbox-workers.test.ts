// Outbox workers side by side on one database (two instances on PostgreSQL, two runs of the job
// on PGlite): a worker whose lease ran out neither sends what another claimed meanwhile nor
// overwrites its outcome, so each notification reaches its receiver once; a hung receiver or mail
// server fails only its own attempt, after the timeout, while the rest of the batch is sent.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { deliverNotifications } from '@opsboard/server/notifications/jobs.ts';
import { transact } from '@opsboard/server/platform/db.ts';
import { enqueueNotifications, type NewNotification } from '@opsboard/server/notifications/service.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { graphql } from '../../support/graphql.ts';
import { startHttpReceiver, startSilentServer, type HttpReceiver, type LateAnswer } from '../../support/receivers.ts';
import { startServer, type TestServer } from '../../support/server.ts';

const METRICS_TOKEN = 'outbox-metrics-token-for-tests';
/** The lease of a claim with these timeouts: max(120 s, 12 × the timeout). */
const LEASE = 120_000;

const clock = new ManualClock('2026-03-02T14:00:00Z');
let db: TestDatabase;
let a: TestServer;
let b: TestServer;
let http: HttpReceiver;

beforeAll(async () => {
  http = await startHttpReceiver();
  db = await createTestDatabase();
  // One send at a time, so the test knows which notification each worker is at.
  const env = { OPSBOARD_NOTIFY_CONCURRENCY: '1', OPSBOARD_NOTIFY_TIMEOUT_MS: '5000', OPSBOARD_METRICS_TOKEN: METRICS_TOKEN };
  a = await startServer({ db, clock, env });
  // PGlite is one process's database: there the second worker is a second run on the same instance.
  b = db.kind === 'postgres' ? await startServer({ db, clock, env }) : a;
});
afterAll(async () => {
  if (b !== a) await b?.stop();
  await a?.stop();
  await db?.drop();
  await http?.close();
});

const chat = (key: string): NewNotification => ({
  idempotencyKey: key,
  channel: 'CHAT',
  recipient: http.url,
  template: 'outbox_test',
  body: key,
  payload: { text: key },
});

async function queue(server: TestServer, notifications: NewNotification[]) {
  await transact(server.app.rt, (tx) => enqueueNotifications(tx, clock.now(), notifications));
}

/** How many times the receiver was sent, and accepted, each of these keys. */
function hits(keys: string[]) {
  const count = (requests: { body: string }[]) => keys.map((key) => requests.filter((r) => (JSON.parse(r.body) as { text: string }).text === key).length);
  return { sent: count(http.requests), accepted: count(http.accepted) };
}

/** opsboard_notification_outcomes_total of each instance in play, summed, from GET /metrics. */
async function outcomes(...servers: TestServer[]): Promise<Record<string, number>> {
  const sum: Record<string, number> = { sent: 0, failed: 0, lost_claim: 0 };
  for (const server of new Set(servers)) {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    for (const [, outcome, value] of (await response.text()).matchAll(/^opsboard_notification_outcomes_total\{outcome="(\w+)"\} (\d+)$/gm))
      sum[outcome!] = (sum[outcome!] ?? 0) + Number(value);
  }
  return sum;
}

const difference = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));

const NOTIFICATIONS = graphql(`
  {
    notifications {
      body
      status
      attempts
      lastError
      deliveryAttempts {
        ok
      }
    }
  }
`);

async function rows(server: TestServer, keys: string[]) {
  const all = (await server.gql(NOTIFICATIONS)).data!.notifications;
  return keys.map((key) => all.find((n) => n.body === key)); // each test notification's body is its key
}

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('two outbox workers on one database', () => {
  it('a worker whose batch outlived its lease skips what the other worker claimed meanwhile: each notification is sent once', async () => {
    const keys = ['batch-1', 'batch-2', 'batch-3', 'batch-4', 'batch-5', 'batch-6'];
    await queue(a, keys.map(chat));
    const before = await outcomes(a, b);

    // Each send takes half a lease on the clock; the first worker's second send is held until the
    // other worker has run, so the rest of its batch waits on a lease that has run out.
    const halfLease: LateAnswer = async () => {
      clock.advance(LEASE / 2);
      return 200;
    };
    const held = gate();
    http.answers.push(halfLease, async () => {
      clock.advance(LEASE / 2);
      await held.opened;
      return 200;
    });
    http.answers.push(...Array<LateAnswer>(4).fill(halfLease));

    const first = deliverNotifications(a.app.rt, a.app.outbound);
    await vi.waitFor(() => expect(http.requests).toHaveLength(2), { timeout: 10_000, interval: 20 });
    // The notification in flight renewed its lease when its send began; the four behind it did not.
    expect(await deliverNotifications(b.app.rt, b.app.outbound)).toEqual({ delivered: 4, failed: 0, dead: 0 });
    held.open();
    expect(await first).toEqual({ delivered: 2, failed: 0, dead: 0 });

    expect(hits(keys)).toEqual({ sent: [1, 1, 1, 1, 1, 1], accepted: [1, 1, 1, 1, 1, 1] });
    for (const row of await rows(a, keys)) expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null, deliveryAttempts: [{ ok: true }] });
    expect(difference(await outcomes(a, b), before)).toEqual({ sent: 6, failed: 0, lost_claim: 4 });

    // Nothing is left over for a later run.
    clock.advance(2 * LEASE);
    expect(await deliverNotifications(a.app.rt, a.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(await deliverNotifications(b.app.rt, b.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(hits(keys).sent).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('a worker whose send outlived its lease does not overwrite the delivery of the worker that claimed it again', async () => {
    const key = 'late-1';
    await queue(a, [chat(key)]);
    const before = await outcomes(a, b);

    // The receiver sits on the first worker's request past the lease, and refuses it once the
    // other worker has delivered.
    const held = gate();
    http.answers.push(async () => {
      clock.advance(LEASE + 1_000);
      await held.opened;
      return 503;
    });
    const first = deliverNotifications(a.app.rt, a.app.outbound);
    await vi.waitFor(() => expect(hits([key]).sent).toEqual([1]), { timeout: 10_000, interval: 20 });
    expect(await deliverNotifications(b.app.rt, b.app.outbound)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    held.open();
    // Its failure is not recorded: the row is the other worker's now, and stays delivered.
    expect(await first).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(await rows(a, [key])).toEqual([{ body: key, status: 'DELIVERED', attempts: 1, lastError: null, deliveryAttempts: [{ ok: true }] }]);
    expect(difference(await outcomes(a, b), before)).toEqual({ sent: 1, failed: 0, lost_claim: 1 });

    // A failure recorded over the delivery would have been retried after 30 s.
    clock.advance(3_600_000);
    expect(await deliverNotifications(a.app.rt, a.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(await deliverNotifications(b.app.rt, b.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(hits([key])).toEqual({ sent: [2], accepted: [1] });
  });

  it("a manager's Retry now leaves alone a notification a worker is sending: no second send", async () => {
    const key = 'retry-in-flight-1';
    await queue(a, [chat(key)]);
    http.answers.push(503);
    expect(await deliverNotifications(a.app.rt, a.app.outbound)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    clock.advance(30_000); // its retry is due

    // While the retry is on the wire, a manager presses Retry now and the other worker runs.
    const RETRY = graphql(`
      mutation ($ids: [ID!]!) {
        retryNotifications(ids: $ids)
      }
    `);
    const id = (await a.app.rt.prisma.notification.findFirstOrThrow({ where: { idempotencyKey: key } })).id;
    let retried: number | undefined;
    let second: Awaited<ReturnType<typeof deliverNotifications>> | undefined;
    http.answers.push(async () => {
      retried = (await a.gql(RETRY, { ids: [id] })).data?.retryNotifications;
      second = await deliverNotifications(b.app.rt, b.app.outbound);
      return 200;
    });
    expect(await deliverNotifications(a.app.rt, a.app.outbound)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(retried).toBe(0);
    expect(second).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(await rows(a, [key])).toEqual([{ body: key, status: 'DELIVERED', attempts: 2, lastError: null, deliveryAttempts: [{ ok: false }, { ok: true }] }]);
    expect(hits([key])).toEqual({ sent: [2], accepted: [1] });

    // Once the attempt is over, a dead or failed notification can be put back in line as before.
    const failed = 'retry-after-1';
    await queue(a, [chat(failed)]);
    http.answers.push(503);
    expect(await deliverNotifications(a.app.rt, a.app.outbound)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    const failedId = (await a.app.rt.prisma.notification.findFirstOrThrow({ where: { idempotencyKey: failed } })).id;
    expect((await a.gql(RETRY, { ids: [failedId] })).data?.retryNotifications).toBe(1);
    expect(await deliverNotifications(b.app.rt, b.app.outbound)).toEqual({ delivered: 1, failed: 0, dead: 0 });
  });
});

describe('hung receivers', () => {
  let c: TestServer;
  let silentSmtp: Awaited<ReturnType<typeof startSilentServer>>;
  beforeAll(async () => {
    silentSmtp = await startSilentServer();
    c = await startServer({
      clock,
      env: { OPSBOARD_NOTIFY_CONCURRENCY: '4', OPSBOARD_NOTIFY_TIMEOUT_MS: '2000', SMTP_URL: silentSmtp.url, OPSBOARD_METRICS_TOKEN: METRICS_TOKEN },
    });
  });
  afterAll(async () => {
    await c?.stop();
    await silentSmtp?.close();
  });

  it('a receiver that never answers fails its own attempt after the timeout while the rest of the batch is sent', async () => {
    const keys = ['hung-1', 'hung-2', 'hung-3', 'hung-4', 'hung-5'];
    await queue(c, keys.map(chat));
    const host = new URL(http.url).host;
    const before = await outcomes(c);

    // The first request hangs; each of the others notes whether it is still hanging when they arrive.
    const openWhenSent: number[] = [];
    const note: LateAnswer = async () => {
      openWhenSent.push(http.open);
      return 200;
    };
    const start = http.requests.length;
    http.answers.push('hang', ...Array<LateAnswer>(4).fill(note));
    expect(await deliverNotifications(c.app.rt, c.app.outbound)).toEqual({ delivered: 4, failed: 1, dead: 0 });
    expect(openWhenSent).toHaveLength(4);
    for (const open of openWhenSent) expect(open).toBeGreaterThanOrEqual(2);

    const hungKey = (JSON.parse(http.requests[start]!.body) as { text: string }).text;
    const byKey = await rows(c, keys);
    for (const row of byKey)
      if (row!.body === hungKey)
        expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastError: `no answer from ${host} within 2000 ms`, deliveryAttempts: [{ ok: false }] });
      else expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1, deliveryAttempts: [{ ok: true }] });
    expect(difference(await outcomes(c), before)).toEqual({ sent: 4, failed: 1, lost_claim: 0 });

    // Retried with the usual backoff.
    clock.advance(29_000);
    expect(await deliverNotifications(c.app.rt, c.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    clock.advance(1_000);
    expect(await deliverNotifications(c.app.rt, c.app.outbound)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(hits(keys).accepted).toEqual([1, 1, 1, 1, 1]);
  });

  it('sends at most OPSBOARD_NOTIFY_CONCURRENCY at a time', async () => {
    const keys = Array.from({ length: 6 }, (_, i) => `pool-${i + 1}`);
    await queue(c, keys.map(chat));
    // The first four requests wait until four are in flight together; every request notes how many were.
    let peak = 0;
    let together4 = false;
    const together: LateAnswer = async () => {
      for (let i = 0; i < 400 && !together4; i++) {
        peak = Math.max(peak, http.open);
        together4 = http.open >= 4;
        if (!together4) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return 200;
    };
    const note: LateAnswer = async () => {
      peak = Math.max(peak, http.open);
      return 200;
    };
    http.answers.push(...Array<LateAnswer>(4).fill(together), note, note);
    expect(await deliverNotifications(c.app.rt, c.app.outbound)).toEqual({ delivered: 6, failed: 0, dead: 0 });
    expect(peak).toBe(4);
    expect(hits(keys).accepted).toEqual(Array(6).fill(1));
  });

  it('a mail server that never greets fails the mail after the timeout and holds up no page in the same batch', async () => {
    const smtpHost = new URL(silentSmtp.url).host;
    await queue(c, [
      { idempotencyKey: 'mail-1', channel: 'EMAIL', recipient: 'ada@example.com', template: 'outbox_test', subject: 'P0', body: 'mail-1' },
      chat('page-1'),
    ]);
    expect(await deliverNotifications(c.app.rt, c.app.outbound)).toEqual({ delivered: 1, failed: 1, dead: 0 });
    const [mail, page] = await rows(c, ['mail-1', 'page-1']);
    expect(mail).toMatchObject({ status: 'FAILED', attempts: 1, deliveryAttempts: [{ ok: false }] });
    expect(mail!.lastError).toMatch(new RegExp(`^no answer from ${smtpHost.replace(/\./g, '\\.')} within 2000 ms`));
    expect(page).toMatchObject({ status: 'DELIVERED' });
    expect(hits(['page-1']).accepted).toEqual([1]);
  });
});
