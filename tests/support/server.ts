// Starts real opsboard servers for tests: on port 0, with an injected clock, on a fresh database.
import { buildApp, type App } from '@opsboard/server/app/app.ts';
import { type Clock, ManualClock } from '@opsboard/server/platform/clock.ts';
import { loadConfig } from '@opsboard/server/platform/config.ts';
import type { WakeSignal } from '@opsboard/server/platform/pubsub.ts';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const ADMIN = { email: 'admin@opsboard.example', password: 'test-admin-password' };

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

export interface TestServer {
  app: App;
  url: string;
  wsUrl: string;
  db: TestDatabase;
  clock: Clock;
  adminToken: string;
  /** A GraphQL request over real HTTP. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  /** A graphql-ws client on this server. */
  ws(options?: { token?: string | null; retry?: boolean }): Client;
  /** Stops the server and starts it again on the same database (and port); `whileDown` runs in between. */
  restart(whileDown?: (config: App['rt']['config']) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  db?: TestDatabase;
  clock?: Clock;
  demoData?: boolean;
  signal?: WakeSignal;
  port?: number;
  env?: Record<string, string>;
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const db = options.db ?? (await createTestDatabase());
  const ownsDb = !options.db;
  const clock = options.clock ?? new ManualClock();
  const config = loadConfig({
    DATABASE_URL: db.url ?? '',
    OPSBOARD_DATA_DIR: db.dataDir,
    OPSBOARD_ADMIN_EMAIL: ADMIN.email,
    OPSBOARD_ADMIN_PASSWORD: ADMIN.password,
    OPSBOARD_DEMO_DATA: options.demoData ? 'true' : 'false',
    OPSBOARD_EVENT_POLL_MS: '200',
    OPSBOARD_JOBS: 'false',
    DATABASE_POOL_SIZE: '5',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const log = pino({ level: config.logLevel });
  let app = await buildApp({ config, clock, log, ...(options.signal ? { signal: options.signal } : {}) });
  let url = await app.start(options.port ?? 0, '127.0.0.1');
  const port = Number(new URL(url).port);
  const clients = new Set<Client>();

  const server: TestServer = {
    get app() {
      return app;
    },
    get url() {
      return url;
    },
    get wsUrl() {
      return `${url.replace(/^http/, 'ws')}/graphql`;
    },
    db,
    clock,
    adminToken: '',
    async gql(query, variables, token = server.adminToken) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GqlResult<any>;
    },
    ws({ token = server.adminToken, retry = false } = {}) {
      const client = createClient({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        lazy: false,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: retry ? Infinity : 0,
        retryWait: async () => new Promise((r) => setTimeout(r, 100)),
        shouldRetry: () => retry,
        onNonLazyError: () => undefined, // failures surface in the subscriptions under test
      });
      clients.add(client);
      return client;
    },
    async restart(whileDown) {
      await app.stop();
      if (whileDown) await whileDown(config);
      app = await buildApp({ config, clock, log, ...(options.signal ? { signal: options.signal } : {}) });
      url = await app.start(port, '127.0.0.1');
    },
    async stop() {
      for (const client of clients) await client.dispose();
      await app.stop();
      if (ownsDb) await db.drop();
    },
  };
  server.adminToken = await login(server, ADMIN.email, ADMIN.password);
  return server;
}

export async function login(server: TestServer, email: string, password: string): Promise<string> {
  const result = await server.gql<{ login: { token: string } }>(
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    { email, password },
    null,
  );
  const token = result.data?.login.token;
  if (!token) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return token;
}
