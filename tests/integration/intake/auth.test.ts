// Who may post into the intake: the e-mail webhook wants OPSBOARD_EMAIL_WEBHOOK_SECRET (a signature
// or HTTP Basic auth), is closed without it and open only in demo mode; the per-address webhook
// limit counts only requests that fail their check, so signed deliveries are never dropped.
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../support/factories/tickets.ts';
import { crlf, postEmail, signEmail } from '../../support/factories/intake.ts';
import { EMAIL_WEBHOOK_SECRET, startServer, type TestServer } from '../../support/server.ts';

const GITHUB_SECRET = 'test-github-secret-0123456789';

const mail = (messageId: string, subject = 'Results page does not load', from = 'ada@example.com') =>
  crlf(`From: ${from}\nSubject: ${subject}\nMessage-ID: <${messageId}@mail.example.com>\n\nThe results page spins forever.\n`);

function postRaw(server: TestServer, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/webhooks/email`, { method: 'POST', headers: { 'content-type': 'message/rfc822', ...headers }, body });
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

function githubPing(server: TestServer, secret: string | null = GITHUB_SECRET) {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
  return fetch(`${server.url}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': randomUUID(),
      ...(secret ? { 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` } : {}),
    },
    body,
  });
}

describe('with OPSBOARD_EMAIL_WEBHOOK_SECRET', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

  it('refuses a forged reply to a ticket with 401 and writes nothing', async () => {
    const first = await postEmail(server, mail('auth-first'));
    expect(first.status).toBe(201);
    const { ticketNumber } = (await first.json()) as { ticketNumber: string };
    const before = await countRows(server);

    const forged = mail('auth-forged', `Please close this [${ticketNumber}]`, 'mallory@example.com');
    const unsigned = await postRaw(server, forged);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({
      error: 'sign the message (X-Opsboard-Signature: sha256=<HMAC-SHA256 of the body>) or use HTTP Basic auth with the webhook secret',
    });
    expect((await postRaw(server, forged, { 'x-opsboard-signature': signEmail(forged, 'another-secret-0123456789') })).status).toBe(401);
    expect((await postRaw(server, forged, { 'x-opsboard-signature': signEmail(`${forged} `) })).status).toBe(401);
    expect((await postRaw(server, forged, { 'x-opsboard-signature': 'sha256=zz' })).status).toBe(401);
    expect((await postRaw(server, forged, { 'x-opsboard-signature': signEmail(forged).replace('sha256=', 'sha1=') })).status).toBe(401);
    expect((await postRaw(server, forged, basic('postmark', 'not-the-secret'))).status).toBe(401);
    expect((await postRaw(server, forged, basic(EMAIL_WEBHOOK_SECRET, ''))).status).toBe(401);
    expect((await postRaw(server, forged, { authorization: `Bearer ${EMAIL_WEBHOOK_SECRET}` })).status).toBe(401);
    expect(await countRows(server)).toEqual(before);
  });

  it('accepts HTTP Basic auth whose password is the secret, with any user name', async () => {
    const response = await postRaw(server, mail('auth-basic'), basic('postmark', EMAIL_WEBHOOK_SECRET));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: 'created' });
  });

  it('checks the signature over the bytes as sent, also when they are not UTF-8', async () => {
    const text = crlf(
      'From: jose@example.com\nSubject: Caf\xe9 menu\nMessage-ID: <auth-latin1@mail.example.com>\nContent-Type: text/plain; charset=iso-8859-1\n\nCr\xe8me br\xfbl\xe9e\n',
    );
    const raw = new Uint8Array(Buffer.from(text, 'latin1'));
    const response = await postRaw(server, raw, { 'x-opsboard-signature': signEmail(raw) });
    expect(response.status).toBe(201);
    const { ticketId } = (await response.json()) as { ticketId: string };
    const message = await server.app.rt.prisma.ticketMessage.findFirstOrThrow({ where: { ticketId, direction: 'INBOUND' } });
    expect(message.body.trim()).toBe('Crème brûlée');
  });
});

describe('the webhook rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, OPSBOARD_RATE_LIMIT_WEBHOOKS: '2/60' } });
  });
  afterAll(async () => server?.stop());

  it('counts only requests that fail their check: signed deliveries from a limited address still land', async () => {
    // Signed deliveries do not use up the address's allowance…
    for (let i = 0; i < 4; i += 1) expect((await postEmail(server, mail(`limit-signed-${i}`))).status).toBe(201);
    for (let i = 0; i < 4; i += 1) expect((await githubPing(server)).status).toBe(200);
    // …failed ones do, until the address is refused…
    expect((await postRaw(server, mail('limit-forged-1'))).status).toBe(401);
    expect((await githubPing(server, 'a-wrong-secret-0123456789')).status).toBe(401);
    const refused = await postRaw(server, mail('limit-forged-2'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await githubPing(server, null)).status).toBe(429);
    // …while correctly signed deliveries from the same address are still taken.
    expect((await postEmail(server, mail('limit-signed-after'))).status).toBe(201);
    expect((await postRaw(server, mail('limit-basic-after'), basic('mailgun', EMAIL_WEBHOOK_SECRET))).status).toBe(201);
    expect((await githubPing(server)).status).toBe(200);
    // The open web-form intake is still limited per address before it runs.
    const form = await fetch(`${server.url}/webhooks/intake`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(form.status).toBe(429);
  });
});

describe('without OPSBOARD_EMAIL_WEBHOOK_SECRET', () => {
  it('answers 503 and writes nothing outside demo mode', async () => {
    const server = await startServer({ env: { OPSBOARD_EMAIL_WEBHOOK_SECRET: '' } });
    try {
      const before = await countRows(server);
      const response = await postEmail(server, mail('unconfigured'));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: 'e-mail intake is not configured: set OPSBOARD_EMAIL_WEBHOOK_SECRET' });
      expect(await countRows(server)).toEqual(before);
    } finally {
      await server.stop();
    }
  });

  it('stays open in demo mode, so the quick start takes mail', async () => {
    const server = await startServer({ demoData: true, env: { OPSBOARD_EMAIL_WEBHOOK_SECRET: '' } });
    try {
      const response = await postRaw(server, mail('demo-open'));
      expect(response.status).toBe(201);
    } finally {
      await server.stop();
    }
  });
});
