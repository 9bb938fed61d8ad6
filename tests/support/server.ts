// Starts real opsboard servers for tests: on port 0, with an injected clock, on a fresh database.
import { buildApp, type App } from '@opsboard/server/app/app.ts';
import { type Clock, ManualClock } from '@opsboard/server/platform/clock.ts';
import { loadConfig } from '@opsboard/server/platform/config.ts';
import type { ResolveHost } from '@opsboard/server/platform/outbound.ts';
import type { WakeSignal } from '@opsboard/server/platform/pubsub.ts';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import pino, { type Logger } from 'pino';
import WebSocket from 'ws';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { graphql, type TadaDocumentNode } from './graphql.ts';

export const ADMIN = { email: 'admin@opsboard.example', password: 'test-admin-password' };

/** The secret every test server's e-mail webhook wants (OPSBOARD_EMAIL_WEBHOOK_SECRET); `postEmail` signs with it. */
export const EMAIL_WEBHOOK_SECRET = 'test-email-webhook-secret';

export interface FieldError {
  field: string;
  message: string;
}

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fieldErrors?: FieldError[]; [key: string]: unknown };
}

export interface GqlResult<T> {
  data?: T | null;
  errors?: GqlError[];
}

/** A document's variables, optional when it has no required ones; then the caller's token (null: signed out). */
export type GqlArgs<Variables> =
  Record<string, never> extends Variables ? [variables?: Variables, token?: string | null] : [variables: Variables, token?: string | null];

export interface GqlClient {
  /** A typed GraphQL document (see support/graphql.ts). */
  gql<Result, Variables>(document: TadaDocumentNode<Result, Variables>, ...args: GqlArgs<Variables>): Promise<GqlResult<Result>>;
  /** A plain query string, for documents the schema refuses on purpose; the data is for the test to narrow. */
  gqlRaw(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<unknown>>;
}

export interface TestServer extends GqlClient {
  app: App;
  url: string;
  wsUrl: string;
  db: TestDatabase;
  clock: Clock;
  adminToken: string;
  /** GraphQL over real HTTP, for tests of the wire (status codes, headers, limits per address); `gql` runs in-process. */
  wire: GqlClient;
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
  /** Environment on top of the defaults; `OPSBOARD_ALLOWED_TARGETS: ''` takes back the allowance for 127.0.0.1. */
  env?: Record<string, string>;
  /** The server's logger (tests that read the log lines); a silent one by default. */
  log?: Logger;
  /** How outgoing requests resolve host names (default: the system's DNS). */
  resolveHost?: ResolveHost;
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
    OPSBOARD_EMAIL_WEBHOOK_SECRET: EMAIL_WEBHOOK_SECRET,
    OPSBOARD_EVENT_POLL_MS: '200',
    OPSBOARD_JOBS: 'false',
    // The cheapest scrypt cost allowed keeps sign-ins fast; the default (2^17) takes a tenth of a second or more.
    OPSBOARD_SCRYPT_COST: '1024',
    DATABASE_POOL_SIZE: '5',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // The receivers of the tests (SMTP, chat, webhooks, health-check targets) listen on 127.0.0.1.
    OPSBOARD_ALLOWED_TARGETS: '127.0.0.1',
    ...options.env,
  });
  const log = options.log ?? pino({ level: config.logLevel });
  let app = await buildApp({
    config,
    clock,
    log,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}),
  });
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
    // yoga's own fetch: the GraphQL layer without the HTTP server in front of it.
    ...gqlClient(
      (init) => server.app.fetch('http://opsboard.test/graphql', init),
      () => server.adminToken,
    ),
    wire: gqlClient(
      (init) => fetch(`${url}/graphql`, init),
      () => server.adminToken,
    ),
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
      app = await buildApp({
        config,
        clock,
        log,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}),
      });
      url = await app.start(port, '127.0.0.1');
    },
    async stop() {
      for (const client of clients) await client.dispose();
      await app.stop();
      if (ownsDb) await db.drop();
    },
  };
  // Over real HTTP, as a person signs in: this counts against the sign-in limit of 127.0.0.1.
  // (Not where password sign-in is switched off: those tests sign in otherwise.)
  if (config.passwordLogin) server.adminToken = await login(server.wire, ADMIN.email, ADMIN.password);
  return server;
}

/** A GraphQL client over `send` (a fetch of /graphql); requests without a token argument carry `defaultToken()`. */
export function gqlClient(send: (init: RequestInit) => Promise<Response>, defaultToken: () => string | null = () => null): GqlClient {
  const post = async (query: string, variables: unknown, token: string | null | undefined): Promise<GqlResult<unknown>> => {
    const bearer = token === undefined ? defaultToken() : token;
    const response = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GqlResult<unknown>;
  };
  return {
    gql: <Result, Variables>(document: TadaDocumentNode<Result, Variables>, ...[variables, token]: GqlArgs<Variables>) =>
      post(print(document), variables, token) as Promise<GqlResult<Result>>,
    gqlRaw: (query, variables, token) => post(query, variables, token),
  };
}

/** A GraphQL client over real HTTP to the server at `url`. */
export function httpGqlClient(url: string, defaultToken?: () => string | null): GqlClient {
  return gqlClient((init) => fetch(`${url}/graphql`, init), defaultToken);
}

const LOGIN = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
    }
  }
`);

export async function login(client: GqlClient, email: string, password: string): Promise<string> {
  const result = await client.gql(LOGIN, { email, password }, null);
  const token = result.data?.login.token;
  if (!token) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return token;
}
