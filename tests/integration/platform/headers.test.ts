// What the server tells browsers over real HTTP: security headers on every response, CORS and
// WebSocket origins limited to the public URL, GraphiQL off unless asked for (and then without a
// CDN), 401 for bad tokens on plain routes, /metrics behind its token, no secrets in the access log.
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../support/server.ts';

const PUBLIC_URL = 'https://opsboard.example.com';
const EVIL = 'https://evil.example';
const METRICS_TOKEN = 'a-metrics-token-of-some-length';

let server: TestServer;
const logLines: string[] = [];
beforeAll(async () => {
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  server = await startServer({ log, env: { OPSBOARD_PUBLIC_URL: PUBLIC_URL } });
});
afterAll(async () => server?.stop());

const csp = (response: Response): Map<string, string> =>
  new Map(
    (response.headers.get('content-security-policy') ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1).join(' ')]),
  );

function expectCommonHeaders(response: Response): void {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
  expect(csp(response).get('frame-ancestors')).toBe("'none'");
}

describe('security headers', () => {
  it('give the web app and the API a policy without inline script', async () => {
    for (const path of ['/', '/tickets', '/healthz', '/status.json']) {
      const response = await fetch(`${server.url}${path}`);
      expectCommonHeaders(response);
      const policy = csp(response);
      expect(policy.get('script-src'), path).toBe("'self'");
      expect(policy.get('style-src'), path).toBe("'self'");
      expect(policy.get('connect-src'), path).toBe("'self' wss://opsboard.example.com");
      expect(policy.get('object-src'), path).toBe("'none'");
      expect(policy.has('upgrade-insecure-requests'), path).toBe(true);
    }
    const graphql = await server.wire.gqlRaw('{ me { displayName } }');
    expect(graphql.data).toEqual({ me: { displayName: 'Admin' } });
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query: '{ me { displayName } }' }),
    });
    expectCommonHeaders(response);
    expect(csp(response).get('script-src')).toBe("'self'");
  });

  it('let the plain pages have their inline style and nothing else', async () => {
    for (const path of ['/status', '/faq', '/csat/not-a-token', '/ack/not-a-token']) {
      const response = await fetch(`${server.url}${path}`);
      expectCommonHeaders(response);
      const policy = csp(response);
      expect(policy.get('default-src'), path).toBe("'none'");
      expect(policy.get('style-src'), path).toBe("'unsafe-inline'");
      expect(policy.get('form-action'), path).toBe("'self'");
      expect(policy.has('script-src'), path).toBe(false);
    }
  });
});

describe('CORS and WebSocket origins', () => {
  const post = (origin: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query: '{ me { displayName } }' }),
    });

  it('tells only the public URL it may read answers, and never with credentials', async () => {
    const evil = await post(EVIL);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();

    const own = await post(PUBLIC_URL);
    expect(own.headers.get('access-control-allow-origin')).toBe(PUBLIC_URL);
    expect(own.headers.get('access-control-allow-credentials')).toBeNull();
  });

  const open = (origin?: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws', origin ? { origin } : {});
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_req, res) => {
        socket.terminate();
        resolve(res.statusCode ?? 0);
      });
      socket.once('error', reject);
    });

  it('refuses a WebSocket from a page of another site, not one from its own host or without an Origin', async () => {
    expect(await open(EVIL)).toBe(403);
    expect(await open('null')).toBe(403);
    expect(await open()).toBe(101);
    expect(await open(PUBLIC_URL)).toBe(101);
    expect(await open(server.url)).toBe(101); // the web app served by this very server
  });
});

describe('GraphiQL', () => {
  it('is not served by default', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(406); // yoga: a GET that accepts only HTML is not a GraphQL request it can answer
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await response.text()).not.toContain('GraphiQL');
  });

  it('with OPSBOARD_GRAPHIQL=1, comes from this server alone, its script allowed by hash', async () => {
    const withGraphiql = await startServer({ env: { OPSBOARD_GRAPHIQL: '1' } });
    try {
      const response = await fetch(`${withGraphiql.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const html = await response.text();
      expect(html).toContain('YogaGraphiQL');
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).not.toMatch(/<link[^>]+href="https?:/);
      expect(html).not.toContain('unpkg.com');
      const policy = csp(response);
      expect(policy.get('script-src')).toMatch(/^'self' 'sha256-[A-Za-z0-9+/]+=*'$/);
      expect(policy.get('frame-ancestors')).toBe("'none'");
      // The API itself still answers JSON.
      expect((await withGraphiql.wire.gqlRaw('{ me { displayName } }')).data).toEqual({ me: { displayName: 'Admin' } });
    } finally {
      await withGraphiql.stop();
    }
  });
});

describe('tokens on plain routes', () => {
  it('answers a bad token on the CSV export with 401 and a JSON error', async () => {
    for (const authorization of ['Bearer not-a-real-token-at-all', 'Bearer short', 'Basic YWRtaW46YWRtaW4=']) {
      const response = await fetch(`${server.url}/reports/export.csv?table=volume&start=2026-03-01T00:00:00Z`, { headers: { authorization } });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(((await response.json()) as { error: string }).error).toMatch(/token|Authorization/);
    }
  });

  it('keeps /metrics closed without OPSBOARD_METRICS_TOKEN outside demo mode', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(404);
  });

  it('asks for OPSBOARD_METRICS_TOKEN when it is set', async () => {
    const withToken = await startServer({ env: { OPSBOARD_METRICS_TOKEN: METRICS_TOKEN } });
    try {
      const none = await fetch(`${withToken.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      const wrong = await fetch(`${withToken.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${withToken.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('opsboard_http_request_duration_seconds');
    } finally {
      await withToken.stop();
    }
  });
});

describe('access log', () => {
  it('names secret paths by their route, never by the secret', async () => {
    const secrets = ['feedsecretAAAA1111bbbb', 'csattokenCCCC2222dddd', 'acktokenEEEE3333ffff', 'hooksecretGGGG4444hhhh'];
    logLines.length = 0;
    await fetch(`${server.url}/oncall/${secrets[0]}.ics`);
    await fetch(`${server.url}/csat/${secrets[1]}`);
    await fetch(`${server.url}/csat/${secrets[1]}`, { method: 'POST', body: 'rating=5', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await fetch(`${server.url}/ack/${secrets[2]}`);
    await fetch(`${server.url}/ack/${secrets[2]}/more`);
    await fetch(`${server.url}/webhooks/${secrets[3]}`, { method: 'POST', body: '{}' });
    await new Promise((r) => setTimeout(r, 50));
    const requests = logLines.map((l) => JSON.parse(l) as { msg: string; path?: string }).filter((l) => l.msg === 'request');
    expect(requests.map((r) => r.path)).toEqual(['/oncall/*.ics', '/csat/*', '/csat/*', '/ack/*', '/ack/*', '/webhooks/*']);
    for (const secret of secrets) expect(logLines.join('\n')).not.toContain(secret);
  });
});
