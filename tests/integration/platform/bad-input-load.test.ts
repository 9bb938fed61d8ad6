// Hundreds of bad requests while other clients stay subscribed: each gets a clear 4xx or close
// code, never a 5xx; the server stays up and the subscribers miss nothing.
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signEmail } from '../../support/factories/intake.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { GRAPHQL_LIMITS } from '@opsboard/server/graphql/limits.ts';
import { graphql } from '../../support/graphql.ts';
import { subscribe } from '../../support/stream.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { OPSBOARD_RATE_LIMIT_WEBHOOKS: '1000/60' } });
});
afterAll(async () => server?.stop());

const VALID = '{ tickets(first: 5) { edges { node { id title status owner { name } } } } }';

/** A few hundred broken documents: every prefix of a valid one, stray characters, wrong shapes. */
function malformedBodies(): string[] {
  const bodies: string[] = [];
  for (let i = 1; i < VALID.length - 1; i += 1) bodies.push(JSON.stringify({ query: VALID.slice(0, i) }));
  for (const junk of ['}', '{{', '"', '\\u0000', '#', '$', '@', '…', '\u{1F4A5}', '!!', '...', 'fragment']) {
    for (let i = 5; i < VALID.length; i += 5) bodies.push(JSON.stringify({ query: `${VALID.slice(0, i)}${junk}${VALID.slice(i)}` }));
  }
  bodies.push(
    JSON.stringify({ query: 42 }),
    JSON.stringify({ query: VALID, variables: 'nope' }),
    JSON.stringify({ query: 'query ($n: Int!) { tickets(first: $n) { totalCount } }', variables: { n: 'many' } }),
    JSON.stringify({ query: '{ nonsense }' }),
    JSON.stringify({ query: 'subscription { events { id } }' }),
    JSON.stringify({ query: `{ ${'__typename '.repeat(3_000)} }` }),
    JSON.stringify({ query: `{ __type(name: "Query") { ${'ofType { '.repeat(60)}name${' }'.repeat(60)} } }` }),
    JSON.stringify({ query: `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: __typename`).join(' ')} }` }),
    JSON.stringify({ query: `{ ${'a: me { displayName } '.repeat(40)}}` }),
    // Over the body limit, a manager's larger one (importHolidays takes a calendar file) included.
    JSON.stringify({ query: VALID, variables: { pad: 'x'.repeat(GRAPHQL_LIMITS.managerBodyBytes + 1024) } }),
    '{"query": ',
    'null',
    '[]',
    '\u0000\u0001\u0002',
  );
  return bodies;
}

async function post(body: string): Promise<{ status: number; message: string | undefined }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${server.adminToken}` },
    body,
  });
  const text = await response.text();
  let message: string | undefined;
  try {
    message = (JSON.parse(text) as { errors?: { message: string }[] }).errors?.[0]?.message;
  } catch {
    message = undefined;
  }
  return { status: response.status, message };
}

function rawSocket(): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((done) => socket.once('close', (code) => done(code)));
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** Sends one bad graphql-ws conversation and returns the close code (or the error message it got). */
async function badSocket(kind: number): Promise<string> {
  const { socket, closed } = await rawSocket();
  const init = JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.adminToken}` } });
  switch (kind % 6) {
    case 0:
      socket.send('not json at all');
      break;
    case 1:
      socket.send(JSON.stringify({ id: 'x', type: 'subscribe', payload: { query: VALID } }));
      break;
    case 2:
      socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(70 * 1024) } }));
      break;
    case 3:
      socket.send(JSON.stringify({ type: 'no_such_message' }));
      break;
    case 4: {
      // A well-formed conversation with a deeply nested, alias-bombed query: an error message, the socket stays.
      const answer = new Promise<string>((resolve) =>
        socket.on('message', (data) => {
          const message = JSON.parse(data.toString()) as { type: string; payload?: { message: string }[] };
          if (message.type === 'connection_ack')
            socket.send(JSON.stringify({ id: 'q', type: 'subscribe', payload: { query: `{ ${'a: me { displayName } '.repeat(40)}}` } }));
          if (message.type === 'error') resolve(`error: ${message.payload?.[0]?.message}`);
        }),
      );
      socket.send(init);
      const result = await answer;
      socket.close(1000);
      return result;
    }
    default:
      socket.send(init);
      socket.send(init); // a second init is a protocol violation
      break;
  }
  return `close ${await closed}`;
}

it('answers every bad request with a clear error while subscribers keep receiving events', async () => {
  const start = (await server.app.rt.prisma.event.count()).toString();
  const watchers = Array.from({ length: 5 }, () =>
    subscribe(
      server.ws(),
      graphql(`
        subscription ($after: ID) {
          events(after: $after, topics: ["tickets"]) {
            id
            entityId
          }
        }
      `),
      { after: start },
    ),
  );

  const created: string[] = [];
  let writing = true;
  const writer = (async () => {
    while (writing && created.length < 40) {
      created.push((await createTicket(server)).id);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();

  const bodies = malformedBodies();
  expect(bodies.length).toBeGreaterThan(200);
  const answers: { status: number; message: string | undefined }[] = [];
  for (let i = 0; i < bodies.length; i += 20) answers.push(...(await Promise.all(bodies.slice(i, i + 20).map(post))));

  const socketResults = [];
  for (let i = 0; i < 60; i += 10) socketResults.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => badSocket(i + j)))));

  const webhookStatuses = await Promise.all(
    ['{"from": ', '\u0000\u0001', 'x'.repeat(2 * 1024 * 1024), '<xml/>', '[]'].map(async (body) => {
      try {
        return (
          await fetch(`${server.url}/webhooks/email`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-opsboard-signature': signEmail(body) },
            body,
          })
        ).status;
      } catch {
        return 413; // the server may cut an oversized upload short
      }
    }),
  );

  writing = false;
  await writer;

  for (const answer of answers) {
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    // Every answer says why (a subscription over plain HTTP too: use graphql-ws).
    expect(answer.message, JSON.stringify(answer)).toEqual(expect.any(String));
    expect(answer.message).not.toBe('Unexpected error.');
  }
  expect(new Set(answers.map((a) => a.status))).toEqual(new Set([400, 413]));
  expect(answers.filter((a) => a.message?.startsWith('Subscriptions are served over WebSocket only'))).toHaveLength(1);
  expect(
    socketResults
      .filter((r) => r.startsWith('close'))
      .map((r) => r.slice(6))
      .sort(),
  ).toEqual([...Array(10).fill('4400'), ...Array(10).fill('4401'), ...Array(10).fill('1009'), ...Array(10).fill('4400'), ...Array(10).fill('4429')].sort());
  expect(socketResults.filter((r) => r.startsWith('error'))).toEqual(Array(10).fill('error: Aliases limit of 15 exceeded, found 40.'));
  for (const status of webhookStatuses) expect(status).toBeLessThan(500);

  for (const watcher of watchers) {
    await watcher.until((r) => r.some((m) => m.events.entityId === created.at(-1)), 15_000);
    const ticketCreated = watcher.received.map((m) => m.events.entityId).filter((id): id is string => id !== null && created.includes(id));
    expect([...new Set(ticketCreated)]).toEqual(created);
    const ids = watcher.received.map((m) => BigInt(m.events.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    watcher.dispose();
  }
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});
