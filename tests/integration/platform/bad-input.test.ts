// Malformed requests get a clear error and never crash the server.
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';

let server: TestServer;
/** The server's log, one JSON line each (pino levels: 30 info, 40 warn, 50 error). */
const logLines: { level: number; msg: string }[] = [];
beforeAll(async () => {
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line) as { level: number; msg: string }) });
  server = await startServer({ log });
});
afterAll(async () => server?.stop());

async function post(body: string, contentType = 'application/json') {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/graphql-response+json', authorization: `Bearer ${server.adminToken}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as { errors?: { message: string }[] } };
}

describe('HTTP', () => {
  it('answers malformed GraphQL and JSON with a 4xx and a message', async () => {
    const syntax = await post(JSON.stringify({ query: '{ tickets { edges ' }));
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.message).toMatch(/^Syntax Error/);

    const json = await post('{"query": ');
    expect(json.status).toBe(400);
    expect(json.body.errors?.[0]?.message).toMatch(/POST body sent invalid JSON/);

    const unknownField = await post(JSON.stringify({ query: '{ ticket(number: "PM-1") { nonsense } }' }));
    expect(unknownField.body.errors?.[0]?.message).toBe('Cannot query field "nonsense" on type "Ticket".');
  });

  it('rejects oversize strings and nonsense arguments without writing', async () => {
    const before = await countRows(server);
    const title = 'x'.repeat(5_000);
    const result = await post(
      JSON.stringify({
        query: 'mutation ($t: String!) { createTicket(input: { title: $t, description: "d", channel: WEB }) { id } }',
        variables: { t: title },
      }),
    );
    expect(result.body.errors?.[0]?.message).toBe('Invalid input — input.title: must be at most 200 characters');
    const number = await post(JSON.stringify({ query: '{ ticket(number: "DROP TABLE") { id } }' }));
    expect(number.body.errors?.[0]?.message).toBe('number: "DROP TABLE" is not a ticket number like PM-1042');
    const both = await post(JSON.stringify({ query: '{ ticket { id } }' }));
    expect(both.body.errors?.[0]?.message).toBe('id: give exactly one of id or number');
    const date = await post(JSON.stringify({ query: 'mutation { login(email: "nobody", password: "x") { token } }' }));
    expect(date.body.errors?.[0]?.message).toContain('email: must be an e-mail address');
    expect(await countRows(server)).toEqual(before);
  });

  it('refuses hostile text and malformed dates as bad input, not as a server error', async () => {
    const before = await countRows(server);
    const nul = await post(JSON.stringify({ query: 'mutation ($n: String!) { createDisplayToken(name: $n) { token } }', variables: { n: 'wall\u0000board' } }));
    expect(nul.body.errors?.[0]).toMatchObject({ message: 'Invalid input — name: must not contain a NUL character', extensions: { code: 'BAD_USER_INPUT' } });
    const surrogate = await post(
      JSON.stringify({
        query: 'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
        variables: { input: { title: 'half \ud800 pair', description: 'd', channel: 'WEB' } },
      }),
    );
    expect(surrogate.body.errors?.[0]?.message).toBe('Invalid input — input.title: must not contain a lone surrogate (invalid Unicode)');
    const long = await post(
      JSON.stringify({ query: 'mutation ($n: String!) { createDisplayToken(name: $n) { token } }', variables: { n: 'x'.repeat(10_001) } }),
    );
    expect(long.body.errors?.[0]?.message).toBe('Invalid input — name: must be at most 10000 characters');
    const date = await post(
      JSON.stringify({
        query: 'mutation ($input: CreateOnCallOverrideInput!) { createOnCallOverride(input: $input) { __typename } }',
        variables: { input: { rotationId: 'r', userId: 'u', startsAt: 'yesterday', endsAt: '2026-03-02T15:00:00Z' } },
      }),
    );
    expect(date.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/input\.startsAt.*DateTime: expected an ISO 8601 date-time/) as string,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await countRows(server)).toEqual(before);
  });

  it('logs malformed and invalid documents as client errors, not server errors', async () => {
    const from = logLines.length;
    await post(JSON.stringify({ query: '{ tickets { edges ' }));
    await post(JSON.stringify({ query: '{ ticket(number: "PM-1") { nonsense } }' }));
    await post(JSON.stringify({ query: 'query ($n: Int!) { tickets(first: $n) { totalCount } }', variables: { n: 'many' } }));
    await post(
      JSON.stringify({ query: 'mutation { createOnCallOverride(input: { rotationId: "r", userId: "u", startsAt: "soon", endsAt: "later" }) { __typename } }' }),
    );
    await post(
      JSON.stringify({
        query: 'mutation ($input: CreateOnCallOverrideInput!) { createOnCallOverride(input: $input) { __typename } }',
        variables: { input: { rotationId: 'r', userId: 'u', startsAt: 'soon', endsAt: 'later' } },
      }),
    );
    await post('{"query": ');
    const lines = logLines.slice(from);
    expect(lines.filter((l) => l.msg === 'request')).toHaveLength(6);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('answers a wrong password without saying which part was wrong', async () => {
    const result = await post(JSON.stringify({ query: 'mutation { login(email: "admin@opsboard.example", password: "wrong") { token } }' }));
    expect(result.body.errors?.[0]).toMatchObject({ message: 'Wrong e-mail or password', extensions: { code: 'UNAUTHENTICATED' } });
    const unknown = await post(JSON.stringify({ query: 'mutation { login(email: "nobody@example.com", password: "wrong") { token } }' }));
    expect(unknown.body.errors?.[0]?.message).toBe('Wrong e-mail or password');
  });
});

describe('WebSocket', () => {
  function raw(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  }
  const closed = (socket: WebSocket) =>
    new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

  it('closes on messages that are not the protocol, with a code that says why', async () => {
    const garbage = await raw();
    const garbageClosed = closed(garbage);
    garbage.send('this is not json');
    expect((await garbageClosed).code).toBe(4400);

    const early = await raw();
    const earlyClosed = closed(early);
    early.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ wallboard { openTotal } }' } }));
    expect(await earlyClosed).toMatchObject({ code: 4401, reason: 'Unauthorized' });

    const huge = await raw();
    const hugeClosed = closed(huge);
    huge.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(70 * 1024) } }));
    expect((await hugeClosed).code).toBe(1009);
  });

  it('answers a malformed subscription with an error message and keeps the socket', async () => {
    const socket = await raw();
    const messages: WsMessage[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as WsMessage));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.adminToken}` } }));
    await waitUntil(() => messages.some((m) => m.type === 'connection_ack'));
    socket.send(JSON.stringify({ id: 'a', type: 'subscribe', payload: { query: 'subscription { events(after: "x") { id ' } }));
    socket.send(JSON.stringify({ id: 'b', type: 'subscribe', payload: { query: '{ wallboard { openTotal } }' } }));
    await waitUntil(() => messages.some((m) => m.id === 'b' && m.type === 'complete'));
    expect(messages.find((m) => m.id === 'a')).toMatchObject({ type: 'error', payload: [{ message: expect.stringMatching(/^Syntax Error/) }] });
    expect(messages.find((m) => m.id === 'b' && m.type === 'next')?.payload?.data?.wallboard?.openTotal).toBeTypeOf('number');
    socket.close();
  });
});

/** A graphql-transport-ws message as the socket receives it (the fields these tests look at). */
interface WsMessage {
  id?: string;
  type: string;
  payload?: { data?: { wallboard?: { openTotal: number } } };
}

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
