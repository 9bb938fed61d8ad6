// Limits apply to every operation, over HTTP and over graphql-ws alike; rate limits, CSRF
// prevention, token revocation and /metrics.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken } from '../../support/factories/people.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import type { ManualClock } from '@opsboard/server/platform/clock.ts';
import { ADMIN, login, startServer, type GqlError, type TestServer } from '../../support/server.ts';
import { subscribe, subscribeRaw } from '../../support/stream.ts';
import { graphql } from '../../support/graphql.ts';

let server: TestServer;
const METRICS_TOKEN = 'metrics-token-for-tests';
beforeAll(async () => {
  server = await startServer({
    env: {
      OPSBOARD_RATE_LIMIT_LOGIN: '4/60',
      OPSBOARD_RATE_LIMIT_WEBHOOKS: '3/60',
      OPSBOARD_RATE_LIMIT_CSAT: '2/60',
      OPSBOARD_RATE_LIMIT_STATUS: '4/60',
      OPSBOARD_METRICS_TOKEN: METRICS_TOKEN,
    },
  });
});
afterAll(async () => server?.stop());

/** A query `levels` selections deep, through introspection types that nest without end. */
function deepQuery(levels: number): string {
  return `{ __type(name: "Query") { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } }`;
}
const aliasBomb = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { displayName }`).join(' ')} }`;
const tokenFlood = (n: number) => `{ me { ${'displayName '.repeat(n)}} }`;
const costly = `{ tickets(first: 50) { edges { node { ${'id number title status priority channel createdAt '.repeat(1)} owner { id name email role timeZone } } } } ${Array.from({ length: 12 }, (_, i) => `t${i}: tickets(first: 50) { edges { node { id owner { id name email role } } } }`).join(' ')} }`;

const CASES = [
  { name: 'depth', query: deepQuery(12), message: 'Query depth limit of 10 exceeded, found 14.' },
  { name: 'aliases', query: aliasBomb(16), message: 'Aliases limit of 15 exceeded, found 16.' },
  { name: 'tokens', query: tokenFlood(2_100), message: 'Token limit of 2000 exceeded.' },
  { name: 'cost', query: costly, message: 'Query Cost limit of 15000 exceeded, found 27184.375.' },
];

async function http(query: string, token: string | null = server.adminToken) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: GqlError[] } };
}

describe.each(CASES)('the $name limit', ({ query, message }) => {
  it('refuses the operation over HTTP with a clear message', async () => {
    const result = await http(query);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]).toMatchObject({ message, extensions: { code: 'LIMIT_EXCEEDED' } });
    expect(result.body.data).toBeUndefined();
  });

  it('refuses the same operation over graphql-ws and keeps the socket', async () => {
    const client = server.ws();
    const refused = subscribeRaw(client, query);
    await expect(refused.waitFor(1, 5_000)).rejects.toThrow(/^subscription failed/);
    expect(refused.errors[0]).toMatchObject([{ message, extensions: { code: 'LIMIT_EXCEEDED' } }]);
    const fine = subscribe(
      client,
      graphql(`
        {
          me {
            displayName
          }
        }
      `),
    );
    expect((await fine.waitFor(1))[0]!.me!.displayName).toBe('Admin');
  });
});

it('lets a query just inside every limit through', async () => {
  const result = await http(`${deepQuery(7).slice(0, -1)} ${aliasBomb(15).slice(1)}`);
  expect(result.body.errors).toBeUndefined();
  expect((result.body.data as { a14: { displayName: string } }).a14.displayName).toBe('Admin');
});

describe('HTTP request bodies', () => {
  it('refuses a body over 64 KiB with 413 before reading it', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { displayName } }', variables: { pad: 'x'.repeat(70 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as WireBody).errors[0].message).toBe('The request body is larger than 65536 bytes');
  });
});

describe('subscriptions over HTTP', () => {
  it('are refused with 400 and a pointer to graphql-ws, POST and GET alike, while queries still answer', async () => {
    const query = 'subscription Feed { events { id type } }';
    const auth = { authorization: `Bearer ${server.adminToken}` };
    const post = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query, operationName: 'Feed' }),
    });
    expect(post.status).toBe(400);
    // The one answer is the error (as a single event, since the client asked for a stream); then the stream ends.
    const answer = await post.text();
    expect(answer).toContain('Subscriptions are served over WebSocket only: connect to /graphql with the graphql-ws protocol');
    expect(answer).not.toContain('"data"');
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { ...auth, accept: 'text/event-stream' } });
    expect(get.status).toBe(400);
    // A document with a query and a subscription: only the chosen operation counts.
    const mixed = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query Me { me { displayName } } ${query}`, operationName: 'Me' }),
    });
    expect(mixed.status).toBe(200);
    expect(((await mixed.json()) as WireBody).data.me.displayName).toBe('Admin');
  });
});

describe('CSRF prevention', () => {
  const get = (headers: Record<string, string>) => fetch(`${server.url}/graphql?query=${encodeURIComponent('{ me { displayName } }')}`, { headers });

  it('refuses a GET that a cross-site page could send, and a form post', async () => {
    const plain = await get({});
    expect(plain.status).toBe(403);
    expect(((await plain.json()) as WireBody).errors[0].message).toBe('Required CSRF header(s) not present');
    const form = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B__typename%7D',
    });
    expect(form.status).toBe(403);
  });

  it('accepts a GET with the header or with a bearer token', async () => {
    expect(((await (await get({ 'x-graphql-yoga-csrf': '1' })).json()) as WireBody).data.me).toBeNull();
    expect(((await (await get({ authorization: `Bearer ${server.adminToken}` })).json()) as WireBody).data.me.displayName).toBe('Admin');
  });
});

describe('rate limits', () => {
  const LOGIN = (password: string) => `mutation { login(email: "${ADMIN.email}", password: "${password}") { token } }`;

  it('stops password guessing after the limit, on HTTP and graphql-ws alike, until the window passes', async () => {
    // The test server already signed in once for this address and e-mail: 3 attempts left of 4.
    for (let i = 0; i < 2; i += 1) expect((await http(LOGIN('wrong'), null)).body.errors?.[0]?.message).toBe('Wrong e-mail or password');
    // Sockets need a token at connection_init; a signed-in socket's sign-in attempts count the same.
    const overWs = subscribeRaw(server.ws({ token: server.adminToken }), LOGIN('wrong'));
    await expect(overWs.waitFor(1)).rejects.toThrow('Wrong e-mail or password');
    const refused = await http(LOGIN(ADMIN.password), null);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Too many sign-in attempts; try again in \d+ s$/),
      extensions: { code: 'RATE_LIMITED' },
    });
    const refusedWs = subscribeRaw(server.ws({ token: server.adminToken }), LOGIN(ADMIN.password));
    await expect(refusedWs.waitFor(1)).rejects.toThrow(/^subscription failed: Too many sign-in attempts/);
    // Another account from the same address is counted apart.
    expect((await http(`mutation { login(email: "someone@opsboard.example", password: "x") { token } }`, null)).body.errors?.[0]?.message).toBe(
      'Wrong e-mail or password',
    );
  });

  it('answers 429 with Retry-After on the intake webhooks and the CSAT page', async () => {
    const webhook = () => fetch(`${server.url}/webhooks/email`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await webhook()).status);
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
    const last = await webhook();
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last.json()).toMatchObject({ error: 'too many requests' });

    const csat = [];
    for (let i = 0; i < 3; i += 1) csat.push((await fetch(`${server.url}/csat/abc`)).status);
    expect(csat[2]).toBe(429);
    expect(csat.slice(0, 2)).not.toContain(429);
  });
});

describe('the public status page', () => {
  it('is rendered again as soon as an incident changes, and rate-limited per client address', async () => {
    const status = () => fetch(`${server.url}/status.json`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const first = await status();
    expect(first.status).toBe(200);
    expect((await first.json()).summary).toBe('All systems operational');
    const declared = await server.gql(
      graphql(`
        mutation {
          declareIncident(input: { title: "Search is down", severity: P1 }) {
            id
          }
        }
      `),
    );
    expect(declared.errors).toBeUndefined();
    const html = await fetch(`${server.url}/status`);
    expect(await html.text()).toContain('<h1 class="bad">1 ongoing incident</h1>');
    expect((await (await status()).json()).summary).toBe('1 ongoing incident');
    expect((await status()).status).toBe(200);
    // Fifth request from this address: over 4 a minute. X-Forwarded-For is not trusted by default.
    const refused = await status();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts per forwarded address only with OPSBOARD_TRUST_PROXY', async () => {
    const proxied = await startServer({ env: { OPSBOARD_TRUST_PROXY: '1', OPSBOARD_RATE_LIMIT_STATUS: '2/60' } });
    try {
      const from = async (forwarded: string) => (await fetch(`${proxied.url}/status.json`, { headers: { 'x-forwarded-for': forwarded } })).status;
      // The proxy appends the address it saw; what the client wrote before it is not believed.
      expect([await from('198.51.100.1'), await from('10.9.9.9, 198.51.100.1'), await from('198.51.100.1')]).toEqual([200, 200, 429]);
      expect(await from('198.51.100.2')).toBe(200);
    } finally {
      await proxied.stop();
    }
  });
});

describe('token use', () => {
  const WALLBOARD = graphql(`
    {
      wallboard {
        openTotal
      }
    }
  `);

  it('records when a token was last used, at most once a minute', async () => {
    const clock = server.clock as ManualClock;
    const token = await createDisplayToken(server, 'Lobby TV');
    const lastUsed = async () => {
      const row = await server.app.rt.prisma.authToken.findFirst({ where: { name: 'Lobby TV' } });
      return row?.lastUsedAt?.toISOString() ?? null;
    };
    const settle = async (expected: string | null) => {
      for (let i = 0; i < 50 && (await lastUsed()) !== expected; i += 1) await new Promise((r) => setTimeout(r, 20));
      return lastUsed();
    };
    expect(await lastUsed()).toBeNull();
    const firstUse = clock.now().toISOString();
    await server.gql(WALLBOARD, {}, token);
    expect(await settle(firstUse)).toBe(firstUse);
    clock.advance(30_000);
    await server.gql(WALLBOARD, {}, token);
    await new Promise((r) => setTimeout(r, 100));
    expect(await lastUsed()).toBe(firstUse);
    clock.advance(31_000);
    await server.gql(WALLBOARD, {}, token);
    expect(await settle(clock.now().toISOString())).toBe(clock.now().toISOString());
  });
});

describe('a revoked token', () => {
  it('closes its WebSockets with 4403 and stops working over HTTP', async () => {
    const token = await login(server.wire, ADMIN.email, ADMIN.password).catch(() => null);
    // The login limit of this file may be used up by now; a display token works the same way.
    const own = token ?? (await createDisplayToken(server, 'TV'));
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const messages: WsMessage[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as WsMessage));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${own}` } }));
    await waitUntil(() => messages.some((m) => m.type === 'connection_ack'));
    // The wallboard: what a display token may subscribe to, as a person may.
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { wallboard { events { id entityId } } }' } }));
    await waitUntil(() => messages.some((m) => m.type === 'next'));
    const ticket = await createTicket(server);
    await waitUntil(() => messages.some((m) => m.type === 'next' && m.payload?.data?.wallboard?.events?.some((e) => e.entityId === ticket.id)));

    const logout = await http('mutation { logout }', own);
    expect(logout.body).toEqual({ data: { logout: true } });
    expect(await closed).toEqual({ code: 4403, reason: 'Forbidden: token revoked' });
    const after = await http('{ me { displayName } }', own);
    expect(after.body.errors?.[0]?.message).toBe('The token is unknown, expired or revoked');
  });
});

describe('GET /metrics', () => {
  it('exposes connections, subscriptions, events, jobs and HTTP latency in Prometheus text', async () => {
    const client = server.ws();
    const stream = subscribe(
      client,
      graphql(`
        subscription {
          events(after: "0", topics: ["tickets"]) {
            id
          }
        }
      `),
    );
    await createTicket(server.wire); // over HTTP: the request counts in the latency histogram
    await stream.waitFor(1);
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^opsboard_ws_connections [1-9]\d*$/m);
    expect(text).toMatch(/^opsboard_subscriptions [1-9]\d*$/m);
    expect(text).toMatch(/^opsboard_events_published_total\{topic="tickets"\} [1-9]\d*$/m);
    expect(text).toMatch(/^opsboard_events_delivered_total [1-9]\d*$/m);
    expect(text).toMatch(/^opsboard_event_delivery_lag_seconds_count [1-9]\d*$/m);
    expect(text).toMatch(/^opsboard_http_request_duration_seconds_count\{route="\/graphql",method="POST",status="200"\} [1-9]\d*$/m);
    expect(text).toContain('# TYPE opsboard_sla_breaches_total counter');
    expect(text).toContain('# TYPE opsboard_job_runs_total counter');
    expect(text).toMatch(/^opsboard_process_resident_memory_bytes \d+/m);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    stream.dispose();
  });
});

/** A response body read straight off the wire (the fields these tests look at). */
interface WireBody {
  data: { me: { displayName: string } };
  errors: [{ message: string }];
}

/** A graphql-transport-ws message as the socket receives it. */
interface WsMessage {
  type: string;
  payload?: { data?: { events?: { entityId: string }; wallboard?: { events: { entityId: string }[] } } };
}

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
